using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SpackMon.Server.Tests.Support;

namespace SpackMon.Server.Tests;

/// <summary>The server-rendered pages over HTTP, against SQLite.</summary>
[TestClass]
public sealed class SqlitePagesTests : PagesTests
{
    private static ClassServer s_class = null!;

    protected override ServerUnderTest? Shared => s_class.Server;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s_class = await ClassServer.StartAsync(new SqliteTestDatabases());

    [ClassCleanup]
    public static async Task StopAsync() => await s_class.DisposeAsync();
}

/// <summary>The same against PostgreSQL.</summary>
[TestClass]
public sealed class PostgresPagesTests : PagesTests
{
    private static ClassServer s_class = null!;

    protected override ServerUnderTest? Shared => s_class.Server;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s_class = await ClassServer.StartAsync(PostgresTestDatabases.FromEnvironment());

    [ClassCleanup]
    public static async Task StopAsync() => await s_class.DisposeAsync();
}

/// <summary>The pages' tests, run by each database's class; the pages are HTML with every user string encoded.</summary>
public abstract class PagesTests
{
    protected abstract ServerUnderTest? Shared { get; }

    protected ServerUnderTest S => Shared!;

    [TestInitialize]
    public void RequireDatabase()
    {
        if (Shared is null)
            Assert.Inconclusive(PostgresTestDatabases.SkipMessage);
    }

    private async Task<string> PageAsync(string path, int code = 200)
    {
        var reply = await S.GetAsync(path);
        Assert.AreEqual(code, reply.Code, path + " → " + reply);
        Assert.AreEqual("text/html", reply.ContentType, path);
        StringAssert.StartsWith(reply.Text, "<!doctype html>");
        return reply.Text;
    }

    [TestMethod]
    public async Task Script_in_a_log_and_quotes_in_a_spec_name_and_a_tag_are_shown_as_text()
    {
        // Markup in names is refused at ingest (see the hostile corpus); what names may hold, '&' and quotes, is escaped.
        var seeded = await WebData.FailedBuildAsync(S, appName: "Evil&\"name'", tag: "t&\"x'");
        await WebData.PhaseAsync(S, seeded.BuildId, "test", "FAILED",
            "<script>alert('log')</script>\n<img src=x onerror=alert(1)>\nerror: <b>bold</b> & \"quoted\"\n");

        foreach (var path in new[] { "/", $"/builds/{seeded.BuildId}", $"/specs/{seeded.AppSpecId}", $"/dependents?name={seeded.PackageName}" })
        {
            var html = await PageAsync(path);
            Assert.DoesNotContain("<script", html, path);
            Assert.DoesNotContain("<img src=x", html, path);
            StringAssert.Contains(html, "Evil&amp;&quot;name&#x27;", path);
        }
        var build = await PageAsync($"/builds/{seeded.BuildId}");
        StringAssert.Contains(build, "&lt;script&gt;alert(&#x27;log&#x27;)&lt;/script&gt;");
        StringAssert.Contains(build, "&lt;img src=x onerror=alert(1)&gt;");
        StringAssert.Contains(build, "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;");
        StringAssert.Contains(build, "t&amp;&quot;x&#x27;");

        var reply = await S.GetAsync($"/builds/{seeded.BuildId}");
        StringAssert.Contains(reply.Headers.GetValues("Content-Security-Policy").Single(), "default-src 'none'");
    }

    [TestMethod]
    public async Task The_build_page_lists_the_error_with_a_link_to_its_highlighted_log_line()
    {
        var seeded = await WebData.FailedBuildAsync(S);
        await WebData.PhaseAsync(S, seeded.BuildId, "install", "SUCCESS", "==> Installing (a spack-style output without a duration)\n");
        var html = await PageAsync($"/builds/{seeded.BuildId}");
        var anchor = $"p{seeded.CompilePhaseId}-L{WebData.ErrorLine}";
        StringAssert.Contains(html, $"href=\"#{anchor}\"");
        StringAssert.Contains(html, $"<div class=\"l err\" id=\"{anchor}\">");
        StringAssert.Contains(html, $"<div class=\"l warn\" id=\"p{seeded.CompilePhaseId}-L{WebData.ErrorLine + 1}\">");
        // MSBuild's summary repeats both; the repeats are marked too, the list links to the first.
        StringAssert.Contains(html, $"<div class=\"l warn rep\" id=\"p{seeded.CompilePhaseId}-L{WebData.ErrorLine + 5}\">");
        StringAssert.Contains(html, $"<div class=\"l err rep\" id=\"p{seeded.CompilePhaseId}-L{WebData.ErrorLine + 6}\">");
        StringAssert.Contains(html, "error CS0103</strong>: The name &#x27;nmae&#x27; does not exist in the current context");
        StringAssert.Contains(html, "/src/Greeting/Greeter.cs(8,28)");
        StringAssert.Contains(html, "<span class=\"dur mono\">4.7 s</span>", "the compile phase's duration in the timeline");
        StringAssert.Contains(html, "<span class=\"dur mono\">≈ ", "the install phase's duration from the time since the previous report");
        StringAssert.Contains(html, "1 error");
    }

    [TestMethod]
    public async Task The_builds_page_filters_sorts_and_pages()
    {
        var seeded = await WebData.FailedBuildAsync(S);
        var html = await PageAsync($"/?tag={seeded.Tag}");
        StringAssert.Contains(html, $"href=\"/builds/{seeded.BuildId}\"");
        StringAssert.Contains(html, "1 build match the filters");
        StringAssert.Contains(html, "<span class=\"badge bad\">FAILED</span>");
        Assert.DoesNotContain($"href=\"/builds/{seeded.BuildId}\"", await PageAsync($"/?tag={seeded.Tag}&status=SUCCESS"));
        StringAssert.Contains(await PageAsync($"/?q={seeded.AppName}&sort=errors&order=asc&page=1"), $"href=\"/builds/{seeded.BuildId}\"");
        StringAssert.Contains(await PageAsync("/?page=999"), "No builds match.");
    }

    [TestMethod]
    public async Task Bad_input_on_a_page_answers_4xx_with_a_readable_message()
    {
        StringAssert.Contains(await PageAsync("/?page=0", 400), "&quot;page&quot; must be an integer");
        StringAssert.Contains(await PageAsync("/?page=abc", 400), "&quot;page&quot; must be an integer");
        StringAssert.Contains(await PageAsync("/?status=<script>", 400), "&quot;status&quot; must be one of");
        StringAssert.Contains(await PageAsync("/?sort=drop", 400), "&quot;sort&quot; must be one of");
        StringAssert.Contains(await PageAsync("/builds/987654321", 404), "There is no build 987654321.");
        StringAssert.Contains(await PageAsync("/specs/987654321", 404), "There is no spec 987654321.");
        StringAssert.Contains(await PageAsync("/specs/diff?a=1", 400), "&quot;b&quot; is required");
        StringAssert.Contains(await PageAsync("/specs/diff?a=x&b=1", 400), "&quot;a&quot; must be a positive integer");
        StringAssert.Contains(await PageAsync("/specs/diff?a=987654321&b=987654322", 404), "There is no spec 987654321.");
        StringAssert.Contains(await PageAsync("/?q=" + new string('y', 300), 400), "longer than 200");
        var huge = await S.GetAsync("/?q=" + new string('y', 100_000));
        Assert.IsTrue(huge.Code is >= 400 and < 500, huge.ToString());
        Assert.AreEqual(404, (await S.GetAsync("/builds/1/phases/987654321/output.txt")).Code);
    }

    [TestMethod]
    public async Task The_spec_page_draws_the_DAG_and_lists_builds_and_the_diff_shows_what_changed()
    {
        var first = await WebData.FailedBuildAsync(S);
        var second = await WebData.FailedBuildAsync(S, appName: first.AppName, packageVersion: "12.0.1");
        var spec = await PageAsync($"/specs/{first.AppSpecId}");
        StringAssert.Contains(spec, "<svg");
        StringAssert.Contains(spec, $"<a href=\"/specs/{first.PackageSpecId}\"><title>{first.PackageName}@13.0.3 [nuget]</title>");
        StringAssert.Contains(spec, $"href=\"/builds/{first.BuildId}\"");
        StringAssert.Contains(spec, "parameters.configuration");
        StringAssert.Contains(spec, $"<option value=\"{second.AppSpecId}\">", "the other spec of the same name to compare with");

        var diff = await PageAsync($"/specs/diff?a={first.AppSpecId}&b={second.AppSpecId}");
        StringAssert.Contains(diff, "<tr class=\"diff\"><td>full_hash</td>");
        StringAssert.Contains(diff, "<tr class=\"same\"><td>parameters.configuration</td>");
        StringAssert.Contains(diff, $"<tr class=\"removed\"><td>{first.LibName}</td>");
        StringAssert.Contains(diff, $"<tr class=\"added\"><td>{second.LibName}</td>");
        StringAssert.Contains(diff, $"<tr class=\"removed\"><td>{first.PackageName}</td>");
    }

    [TestMethod]
    public async Task The_dependents_page_lists_the_specs_and_builds_that_used_a_package_version()
    {
        var seeded = await WebData.FailedBuildAsync(S);
        var html = await PageAsync($"/dependents?name={seeded.PackageName}&version=13.0.3");
        StringAssert.Contains(html, $"2 specs used {seeded.PackageName}@13.0.3 (2 directly); 1 build of them.");
        StringAssert.Contains(html, $"href=\"/builds/{seeded.BuildId}\"");
        StringAssert.Contains(html, $"href=\"/specs/{seeded.AppSpecId}\"");
        StringAssert.Contains(await PageAsync($"/dependents?name={seeded.PackageName}&version=1.0"), "Nothing depends on");
        StringAssert.Contains(await PageAsync("/dependents"), "Dependency name");
    }

    [TestMethod]
    public async Task The_token_page_checks_the_token_and_shows_the_exports_without_caching()
    {
        Assert.AreEqual(200, (await S.GetAsync("/token")).Code);
        var good = await PostFormAsync("alice", S.ApiTokens["alice"]);
        Assert.AreEqual(HttpStatusCode.OK, good.StatusCode);
        var html = await good.Content.ReadAsStringAsync();
        StringAssert.Contains(html, $"export SPACKMON_USER=alice SPACKMON_TOKEN={S.ApiTokens["alice"]}");
        StringAssert.Contains(html, "dotnet build -p:SpackMonitor=true");
        Assert.IsTrue(good.Headers.CacheControl?.NoStore, "a page with a secret is not cached");
        Assert.IsFalse(good.Headers.Contains("Set-Cookie"), "nothing is stored in the browser");

        foreach (var (user, token) in new[] { ("alice", S.ApiTokens["bob"]), ("nobody", S.ApiTokens["alice"]), ("alice", "") })
        {
            var bad = await PostFormAsync(user, token);
            Assert.IsTrue(bad.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{user}: {bad.StatusCode}");
            var text = await bad.Content.ReadAsStringAsync();
            Assert.DoesNotContain("export SPACKMON_USER", text);
            if (token.Length > 0)
                Assert.DoesNotContain(token, text, "a wrong token is not echoed");
        }
        using var json = new StringContent("{}", Encoding.UTF8, "application/json");
        Assert.AreEqual(HttpStatusCode.UnsupportedMediaType, (await S.Http.PostAsync("/token", json)).StatusCode);
    }

    private async Task<HttpResponseMessage> PostFormAsync(string user, string token) =>
        await S.Http.PostAsync("/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["token"] = token }));

    [TestMethod]
    public async Task The_raw_output_is_plain_text()
    {
        var seeded = await WebData.FailedBuildAsync(S);
        var reply = await S.GetAsync($"/builds/{seeded.BuildId}/phases/{seeded.CompilePhaseId}/output.txt");
        Assert.AreEqual(200, reply.Code);
        Assert.AreEqual("text/plain", reply.ContentType);
        Assert.AreEqual(WebData.CompileOutput(seeded.AppName), reply.Text);
        Assert.AreEqual(404, (await S.GetAsync($"/builds/{seeded.BuildId + 1000}/phases/{seeded.CompilePhaseId}/output.txt")).Code);
        _ = JsonNode.Parse("{}");
    }
}

/// <summary><c>spackmon serve</c> says where the web UI is, and it is there.</summary>
[TestClass]
public sealed class ServeWebUiTests
{
    [TestMethod]
    public async Task Serve_prints_the_web_UI_address_and_the_UI_answers_there()
    {
        await using var databases = new SqliteTestDatabases();
        var db = (await databases.CreateAsync()).SqlitePath!;
        var written = new StringWriter();
        var stderr = TextWriter.Synchronized(written);
        string Printed()
        {
            lock (stderr) // the synchronized writer locks itself while writing
                return written.ToString();
        }
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var serve = SpackMon.Server.Cli.SpackMonCli.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--db", db], TextWriter.Null, stderr, stop.Token);

        string? address = null;
        while (address is null && !serve.IsCompleted && !stop.IsCancellationRequested)
        {
            await Task.Delay(50);
            address = System.Text.RegularExpressions.Regex.Match(Printed(), @"^Web UI: (http://\S+/)$", System.Text.RegularExpressions.RegexOptions.Multiline)
                is { Success: true } m ? m.Groups[1].Value : null;
        }
        Assert.IsNotNull(address, "serve printed: " + Printed());
        using var http = new HttpClient();
        var page = await http.GetAsync(address);
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        StringAssert.Contains(html, "<h1>Builds</h1>");
        StringAssert.Contains(html, $"No builds yet. Record one with: dotnet build -p:SpackMonitor=true -p:SpackMonitorHost={address.TrimEnd('/')}");
        await stop.CancelAsync();
        Assert.AreEqual(0, await serve);
    }
}
