using System.Diagnostics;
using System.Text.Json.Nodes;
using SpackMon.Server.Cli;
using SpackMon.Server.Tests.Support;
using static SpackMon.Server.Tests.Support.SpecBuilder;

namespace SpackMon.Server.Tests;

/// <summary>The <c>spackmon</c> command line, in-process and as the real executable, on a temp SQLite file.</summary>
[TestClass]
public sealed class CliTests
{
    private static SqliteTestDatabases? s_databases;

    [ClassInitialize]
    public static void Start(TestContext _) => s_databases = new SqliteTestDatabases();

    [ClassCleanup]
    public static async Task StopAsync() => await s_databases!.DisposeAsync();

    private static async Task<string> NewDatabaseAsync() => (await s_databases!.CreateAsync()).SqlitePath!;

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await SpackMonCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [TestMethod]
    public async Task Add_user_prints_a_token_that_works_at_the_token_endpoint()
    {
        var db = await NewDatabaseAsync();
        var (code, output, error) = await RunAsync("add-user", "erin", "--db", db);
        Assert.AreEqual(0, code, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, "the token alone on stdout");
        var token = lines[0];
        Assert.AreEqual(64, token.Length);

        await using var server = await ServerUnderTest.StartAsync(new ServerOptions { Urls = "http://127.0.0.1:0", SqlitePath = db });
        Assert.AreEqual(200, (await server.GetAsync("/auth/token/", ServerUnderTest.Basic("erin", token))).Code);

        var again = await RunAsync("add-user", "erin", "--db", db);
        Assert.AreEqual(1, again.Code);
        StringAssert.Contains(again.Error, "already exists");
        Assert.AreEqual("", again.Out);
    }

    [TestMethod]
    public async Task Get_token_replaces_the_token_and_list_users_shows_the_users()
    {
        var db = await NewDatabaseAsync();
        var old = (await RunAsync("add-user", "frank", "--db", db)).Out.Trim();
        var (code, output, _) = await RunAsync("get-token", "frank", "--db=" + db);
        Assert.AreEqual(0, code);
        var fresh = output.Trim();
        Assert.AreNotEqual(old, fresh);

        await using (var server = await ServerUnderTest.StartAsync(new ServerOptions { Urls = "http://127.0.0.1:0", SqlitePath = db }))
        {
            Assert.AreEqual(403, (await server.GetAsync("/auth/token/", ServerUnderTest.Basic("frank", old))).Code);
            Assert.AreEqual(200, (await server.GetAsync("/auth/token/", ServerUnderTest.Basic("frank", fresh))).Code);
        }

        var missing = await RunAsync("get-token", "nobody", "--db", db);
        Assert.AreEqual(1, missing.Code);
        StringAssert.Contains(missing.Error, "no user nobody");

        var users = await RunAsync("list-users", "--db", db);
        Assert.AreEqual(0, users.Code);
        StringAssert.StartsWith(users.Out, "NAME");
        StringAssert.Contains(users.Out, "frank");
        Assert.IsFalse(users.Out.Contains(fresh), "tokens are never listed");
    }

    [TestMethod]
    public async Task List_builds_shows_spec_status_owner_tags_and_phases()
    {
        var db = await NewDatabaseAsync();
        var hash = NewHash();
        await using (var server = await ServerUnderTest.StartAsync(new ServerOptions { Urls = "http://127.0.0.1:0", SqlitePath = db }, "gina"))
        {
            Assert.AreEqual(201, (await server.PostAsync("/ms1/specs/new/", SpecBody("1.0.0", Node("listed-app", hash)), "gina")).Code);
            var build = (await server.PostAsync("/ms1/builds/new/", BuildBody(hash, tags: "ci,nightly"), "gina")).Json["data"]!["build"]!["build_id"]!.GetValue<long>();
            await server.PostAsync("/ms1/builds/phases/update/", new JsonObject { ["build_id"] = build, ["phase_name"] = "compile", ["status"] = "FAILED", ["output"] = "" }, "gina");
            await server.PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = build, ["status"] = "FAILED" }, "gina");
        }
        var (code, output, error) = await RunAsync("list-builds", "--db", db);
        Assert.AreEqual(0, code, error);
        var row = output.Split('\n').Single(l => l.Contains("listed-app"));
        StringAssert.Contains(row, "listed-app@1.0");
        StringAssert.Contains(row, "FAILED");
        StringAssert.Contains(row, "gina");
        StringAssert.Contains(row, "ci,nightly");
        StringAssert.Contains(row, "compile:FAILED");
    }

    [TestMethod]
    public async Task Serve_runs_until_cancelled()
    {
        var db = await NewDatabaseAsync();
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var serve = Task.Run(() => SpackMonCli.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--db", db, "--prefix", "ms1", "--token-lifetime", "30"],
            TextWriter.Null, TextWriter.Synchronized(stderr), stop.Token));
        string? url = null;
        for (var i = 0; i < 200 && url is null && !serve.IsCompleted; i++)
        {
            await Task.Delay(50);
            url = stderr.ToString().Split(' ').FirstOrDefault(w => w.StartsWith("http://127.0.0.1:"));
        }
        Assert.IsNotNull(url, stderr.ToString());
        using (var http = new HttpClient())
            StringAssert.Contains(await http.GetStringAsync(url), "\"running\"");
        stop.Cancel();
        Assert.AreEqual(0, await serve);
    }

    [TestMethod]
    public async Task Wrong_arguments_exit_2_with_a_message_and_help_exits_0()
    {
        var db = await NewDatabaseAsync();
        var shortKey = Path.ChangeExtension(db, ".key");
        await File.WriteAllTextAsync(shortKey, "too-short\n");
        foreach (var args in new[]
                 {
                     ["serve", "--rate-limit", "-1", "--db", db], ["serve", "--rate-limit", "many"], ["serve", "--jwt-key-file", shortKey, "--db", db],
                     Array.Empty<string>(), ["frobnicate"], ["add-user"], ["add-user", "a", "b"], ["add-user", "x", "--bogus"],
                     ["add-user", "x", "--db"], ["add-user", "x", "--db", db, "--postgres", "Host=h"], ["add-user", "bad:name", "--db", db],
                     ["serve", "--token-lifetime", "abc"], ["serve", "--prefix", "a/b", "--db", db], ["serve", "--disable-auth=yes"],
                     ["list-builds", "--limit", "0", "--db", db], ["list-users", "extra"],
                 })
        {
            var (code, output, error) = await RunAsync(args);
            Assert.AreEqual(2, code, string.Join(" ", args));
            Assert.AreEqual("", output, string.Join(" ", args));
            Assert.IsFalse(string.IsNullOrWhiteSpace(error), string.Join(" ", args));
        }

        var overview = await RunAsync("--help");
        Assert.AreEqual(0, overview.Code);
        foreach (var command in new[] { "serve", "add-user", "get-token", "list-users", "list-builds" })
        {
            StringAssert.Contains(overview.Out, command);
            var help = await RunAsync(command, "--help");
            Assert.AreEqual(0, help.Code, command);
            StringAssert.StartsWith(help.Out, "usage: spackmon " + command);
        }
        var serveHelp = (await RunAsync("serve", "--help")).Out;
        foreach (var flag in new[] { "--jwt-key-file", "SPACKMON_JWT_KEY", "--rate-limit" })
            StringAssert.Contains(serveHelp, flag);
    }

    [TestMethod]
    public async Task The_executable_runs_with_dotnet()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "spackmon.dll");
        var db = await NewDatabaseAsync();
        var (code, output, _) = await RunProcessAsync(dll, "add-user", "hank", "--db", db);
        Assert.AreEqual(0, code);
        Assert.AreEqual(64, output.Trim().Length);
        Assert.AreEqual(2, (await RunProcessAsync(dll, "add-user")).Code);
    }

    private static async Task<(int Code, string Out, string Error)> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output, await error);
    }
}
