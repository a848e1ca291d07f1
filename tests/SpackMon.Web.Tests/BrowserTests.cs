using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SpackMon.Web.Tests;

/// <summary>
/// The web UI as a person uses it, in headless Chromium against a real server fed by our client: from the builds
/// table to a failed build's highlighted compiler error, the dependents of a package, the DAG, the token page.
/// One server and one browser for the class; every test has its own browser context.
/// </summary>
[TestClass]
public sealed class BrowserTests
{
    private static UiServer s_server = null!;
    private static BrowserSession s_browser = null!;
    private static RecordedBuild s_failed = null!;
    private static RecordedBuild s_other = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        s_server = await UiServer.StartAsync();
        s_browser = await BrowserSession.StartAsync();
        s_other = await s_server.FailedBuildAsync("Shop.App", "Serilog", "4.2.0", "nightly");
        s_failed = await s_server.FailedBuildAsync("Greeting.App", "Newtonsoft.Json", "13.0.3", "ci,pr-42",
            "==> Greeting.App: Executing phase: 'test'\n<script>alert('log')</script>\n<img src=x onerror=alert(2)>\n==> test FAILED in 0.20 s\n");
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (s_browser is not null)
            await s_browser.DisposeAsync();
        if (s_server is not null)
            await s_server.DisposeAsync();
    }

    private async Task ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var folder = Path.Combine(TestContext.TestResultsDirectory ?? Path.GetTempPath(), "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        Assert.IsTrue(new FileInfo(path).Length > 1000, "a real image was written");
        TestContext.AddResultFile(path);
    }

    [TestMethod]
    public async Task From_the_builds_table_a_click_reaches_the_failed_builds_highlighted_compiler_error()
    {
        var page = await s_browser.NewPageAsync(s_server.BaseAddress);
        await page.GotoAsync("/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Builds");
        await Expect(page.Locator("table.builds tbody tr")).ToHaveCountAsync(2);

        // Filter to the failed builds with the form, as a user would, then open the build from its row.
        await page.SelectOptionAsync("select[name=status]", "FAILED");
        await page.FillAsync("input[name=q]", "Greeting");
        await page.ClickAsync("button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex(@"status=FAILED"));
        var row = page.Locator($"tr[data-build='{s_failed.BuildId}']");
        await Expect(page.Locator("table.builds tbody tr")).ToHaveCountAsync(1);
        await Expect(row.Locator(".badge")).ToHaveTextAsync("FAILED");
        await Expect(row.Locator("td").Nth(7)).ToHaveTextAsync("1", new() { UseInnerText = true });
        await ScreenshotAsync(page, "1-builds-table", fullPage: true);
        await row.Locator("a.build-link").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/builds/{s_failed.BuildId}$"));
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("FAILED");
        var problem = page.Locator("ul.problems li.error a.problem");
        await Expect(problem).ToHaveCountAsync(1);
        await Expect(page.Locator("ul.problems li.error")).ToContainTextAsync("error CS0103: The name 'nmae' does not exist in the current context");
        await Expect(page.Locator("ul.problems li.error .where")).ToHaveTextAsync("/src/Greeting/Greeter.cs(8,28)");
        await ScreenshotAsync(page, "2-build-page", fullPage: true);

        await problem.ClickAsync();
        var href = await problem.GetAttributeAsync("href");
        StringAssert.EndsWith(href, $"-L{UiServer.ErrorLine}");
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(href!) + "$"));
        var line = page.Locator(href!);
        await Expect(line).ToHaveClassAsync(new Regex(@"\berr\b"));
        await Expect(line.Locator(".n")).ToHaveTextAsync(UiServer.ErrorLine.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(line.Locator(".t")).ToContainTextAsync("Greeter.cs(8,28): error CS0103: The name 'nmae' does not exist");
        await Expect(line).ToBeInViewportAsync();
        Assert.AreEqual(href![1..], await page.EvaluateAsync<string>("() => document.querySelector(':target').id"), "the error line is the URL's target");
        // Highlighted: the error line's number carries the error colour, its neighbours do not.
        var colour = await line.Locator(".n").EvaluateAsync<string>("e => getComputedStyle(e).color");
        var plain = await page.Locator(href![..^1] + "1 .n").EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.AreNotEqual(plain, colour);
        Assert.AreEqual("rgb(207, 34, 46)", colour);
        await ScreenshotAsync(page, "3-error-line");
    }

    [TestMethod]
    public async Task The_dependents_view_answers_which_builds_used_a_package_at_a_version()
    {
        var page = await s_browser.NewPageAsync(s_server.BaseAddress);
        await page.GotoAsync("/");
        await page.ClickAsync("header nav >> text=Dependents");
        await page.FillAsync("input[name=name]", "newtonsoft.json");
        await page.FillAsync("input[name=version]", s_failed.PackageVersion);
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("#dependents-summary")).ToHaveTextAsync("2 specs used newtonsoft.json@13.0.3 (2 directly); 1 build of them.");
        var builds = page.Locator("table.builds tbody tr");
        await Expect(builds).ToHaveCountAsync(1);
        await Expect(builds.First).ToHaveAttributeAsync("data-build", s_failed.BuildId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var specs = page.Locator("table.dependents tbody tr");
        await Expect(specs).ToHaveCountAsync(2);
        await Expect(specs.Nth(0)).ToContainTextAsync(s_failed.AppName);
        await Expect(specs.Nth(1)).ToContainTextAsync(s_failed.LibName);
        await ScreenshotAsync(page, "dependents", fullPage: true);

        // Another version of no build: none.
        await page.FillAsync("input[name=version]", "12.0.1");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("table.builds")).ToHaveCountAsync(0);
        await Expect(page.Locator("#dependents-summary")).ToContainTextAsync("0 specs used");

        await page.GoBackAsync();
        await page.Locator($"tr[data-build='{s_failed.BuildId}'] a.build-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/builds/{s_failed.BuildId}$"));
    }

    [TestMethod]
    public async Task Script_in_a_log_shows_as_text_and_never_runs()
    {
        var page = await s_browser.NewPageAsync(s_server.BaseAddress);
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };
        await page.GotoAsync($"/builds/{s_failed.BuildId}");
        var test = page.Locator("details.phase", new() { Has = page.Locator("summary h3", new() { HasTextString = "test" }) });
        await Expect(test.Locator(".log .t").Nth(1)).ToHaveTextAsync("<script>alert('log')</script>");
        await Expect(test.Locator(".log .t").Nth(2)).ToHaveTextAsync("<img src=x onerror=alert(2)>");
        await Expect(page.Locator("main img")).ToHaveCountAsync(0);
        Assert.AreEqual(0, dialogs);
    }

    [TestMethod]
    public async Task The_spec_page_draws_the_DAG_and_its_nodes_lead_to_their_specs()
    {
        var page = await s_browser.NewPageAsync(s_server.BaseAddress);
        await page.GotoAsync($"/builds/{s_failed.BuildId}");
        await page.ClickAsync($"dl.facts >> text={s_failed.AppName}");
        await Expect(page.Locator("h1")).ToContainTextAsync(s_failed.AppName + "@1.2.0");
        var nodes = page.Locator(".dag svg a");
        await Expect(nodes).ToHaveCountAsync(3);
        var box = await page.Locator(".dag svg").BoundingBoxAsync();
        Assert.IsTrue(box is { Width: > 200, Height: > 20 }, "the graph is drawn");
        await Expect(page.Locator("table.builds tbody tr")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "spec", fullPage: true);
        await page.Locator(".dag svg a", new() { Has = page.Locator("title", new() { HasTextString = "Newtonsoft.Json@13.0.3" }) }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Newtonsoft.Json@13.0.3");
    }

    [TestMethod]
    public async Task On_a_phone_the_builds_table_fits_and_the_build_page_reads()
    {
        var page = await s_browser.NewPageAsync(s_server.BaseAddress, 390, 844);
        await page.GotoAsync("/");
        Assert.IsTrue(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling");
        Assert.IsTrue(await page.EvaluateAsync<bool>("() => { const t = document.querySelector('.scroll'); return t.scrollWidth <= t.clientWidth; }"),
            "the builds table fits without scrolling: the less important columns are hidden");
        await Expect(page.Locator($"tr[data-build='{s_failed.BuildId}'] td.num:not(.hide-sm)")).ToHaveTextAsync("1");
        await ScreenshotAsync(page, "phone-builds", fullPage: true);
        await page.Locator($"tr[data-build='{s_failed.BuildId}'] a.build-link").ClickAsync();
        await Expect(page.Locator("ul.problems li.error")).ToBeVisibleAsync();
        Assert.IsTrue(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling");
        await ScreenshotAsync(page, "phone-build");
    }

    [TestMethod]
    public async Task The_token_page_signs_in_and_shows_the_exports()
    {
        var page = await s_browser.NewPageAsync(s_server.BaseAddress);
        await page.GotoAsync("/token");
        await page.FillAsync("input[name=user]", UiServer.User);
        await page.FillAsync("input[name=token]", "wrong");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Invalid user name or token.");

        await page.FillAsync("input[name=token]", s_server.Token);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("#exports")).ToContainTextAsync($"export SPACKMON_USER={UiServer.User} SPACKMON_TOKEN={s_server.Token}");
        Assert.IsEmpty(await page.Context.CookiesAsync());
    }
}
