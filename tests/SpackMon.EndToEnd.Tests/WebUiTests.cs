using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SpackMon.EndToEnd.Tests.Infrastructure;

namespace SpackMon.EndToEnd.Tests;

/// <summary>
/// What a real monitored <c>dotnet build</c> leaves in the web UI: the compiler error extracted at ingest and
/// highlighted at its line on the build page, and the dependents view naming the build that used a package version.
/// </summary>
[TestClass]
public sealed class WebUiTests
{
    private static MonitorFixture _monitor = null!;
    private static HttpClient _http = null!;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext _)
    {
        _monitor = await MonitorFixture.StartAsync("webui");
        _http = new HttpClient { BaseAddress = _monitor.Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        _http.Dispose();
        await _monitor.DisposeAsync();
    }

    [TestMethod]
    public async Task AFailedBuildShowsItsCompilerErrorHighlightedAndTheDependentsViewNamesThePackagesUsers()
    {
        var solution = TempSolution.LibraryAndApp("WebUi");
        solution.BreakLibrary();

        var build = await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile]);

        BuildAssert.Failed(build);
        var lib = await _monitor.Api.SingleBuildAsync(solution.Lib);
        var app = await _monitor.Api.SingleBuildAsync(solution.App);
        var errors = await _http.GetFromJsonAsync<JsonObject>($"/api/builds/{lib.Id}/errors/");
        var error = errors!["results"]!.AsArray().Select(e => e!).FirstOrDefault(e => e["code"]?.GetValue<string>() == "CS0029");
        Assert.IsNotNull(error, $"No CS0029 among the extracted errors: {errors.ToJsonString()}\n{lib.Phase("compile")?.Output}");
        StringAssert.EndsWith(error["source_file"]!.GetValue<string>(), "Broken.cs");
        Assert.AreEqual(5, error["source_line"]!.GetValue<int>());
        var anchor = $"p{error["phase_id"]!.GetValue<long>()}-L{error["log_line"]!.GetValue<int>()}";

        var page = await _http.GetStringAsync($"/builds/{lib.Id}");
        StringAssert.Contains(page, $"<a class=\"problem\" href=\"#{anchor}\">", "the problem list links to the line");
        var line = Regex.Match(page, $"<div class=\"l err\" id=\"{anchor}\"><a class=\"n\" href=\"#{anchor}\">\\d+</a><span class=\"t\">([^<]*)</span>");
        Assert.IsTrue(line.Success, $"The error line {anchor} is not highlighted on the build page.");
        StringAssert.Contains(line.Groups[1].Value, "error CS0029");
        StringAssert.Contains(line.Groups[1].Value, "Broken.cs");

        var dependents = await _http.GetStringAsync($"/dependents?name=Newtonsoft.Json&version={TempSolution.NewtonsoftVersion}");
        StringAssert.Contains(dependents, $"<tr data-build=\"{app.Id}\">", "the app's build used Newtonsoft.Json");
        var builds = await _http.GetFromJsonAsync<JsonObject>($"/api/dependents/builds/?name=Newtonsoft.Json&version={TempSolution.NewtonsoftVersion}");
        CollectionAssert.Contains(builds!["results"]!.AsArray().Select(b => b!["id"]!.GetValue<long>()).ToList(), app.Id);
    }
}
