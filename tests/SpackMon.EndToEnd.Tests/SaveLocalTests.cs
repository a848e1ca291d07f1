using System.Text.Json.Nodes;
using SpackMon.EndToEnd.Tests.Infrastructure;
using SpackMon.Protocol;

namespace SpackMon.EndToEnd.Tests;

/// <summary>
/// <c>-p:SpackMonitorSaveLocal=true</c>: a monitored build with no server writes spack's save-local layout, and
/// <c>spackmon upload DIR</c> replays it into a server with the same result as a direct run.
/// </summary>
[TestClass]
public sealed class SaveLocalTests
{
    private const string Prefix = "Saved";
    private static MonitorFixture _direct = null!;
    private static MonitorFixture _uploadTarget = null!;
    private static TempSolution _solution = null!;
    private static ProcessResult _build = null!;
    private static string _reports = "";

    [ClassInitialize]
    public static async Task SaveLocallyAsync(TestContext _)
    {
        _direct = await MonitorFixture.StartAsync("direct");
        _uploadTarget = await MonitorFixture.StartAsync("upload");
        _solution = TempSolution.LibraryAndApp(Prefix);
        _reports = Path.Combine(_solution.Root, "reports");
        // Credentials are exported as a user's shell would have them: they must not end up in the files.
        _build = await Monitored.RunAsync(_solution.Root,
            ["build", _solution.SolutionFile, "-p:SpackMonitorSaveLocal=true", $"-p:SpackMonitorSaveLocalDir={_reports}", "-p:SpackMonitorTags=\"local,golden\""],
            host: null, _uploadTarget.Credentials);
    }

    [ClassCleanup]
    public static async Task StopServersAsync()
    {
        await _direct.DisposeAsync();
        await _uploadTarget.DisposeAsync();
    }

    [TestMethod]
    public void TheBuildWritesOneDatedFolderInTheReferenceLayout()
    {
        var folder = SavedFolder();
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).ToList();
        var kinds = files.ToLookup(f => SaveLocalLayout.KindOf(f!));
        Assert.IsEmpty(kinds[SaveLocalFileKind.Unknown], $"Files outside the layout: {string.Join(", ", files)}");
        Assert.IsNotEmpty(kinds[SaveLocalFileKind.Spec], string.Join(", ", files));
        var buildIds = kinds[SaveLocalFileKind.BuildMetadata].Select(f => SaveLocalLayout.LocalBuildIdOf(f!)!).ToList();
        Assert.HasCount(2, buildIds, $"One build per project: {string.Join(", ", files)}");
        foreach (var id in buildIds)
        {
            Assert.MatchesRegex("^[0-9a-f]{32}$", id);
            foreach (var phase in new[] { "restore", "compile", "build" })
                Assert.Contains(SaveLocalLayout.PhaseFile(id, phase), files);
            Assert.Contains(SaveLocalLayout.StatusFile(id), files);
            var status = Read(Path.Combine(folder, SaveLocalLayout.StatusFile(id)));
            Assert.AreEqual("SUCCESS", status["status"]?.GetValue<string>());
        }

        // Every build's spec is in a spec file, so that an upload can register it first.
        var savedHashes = kinds[SaveLocalFileKind.Spec]
            .SelectMany(f => Read(Path.Combine(folder, f!))["spec"]!["nodes"]!.AsArray().Select(n => n!["full_hash"]!.GetValue<string>()))
            .ToHashSet();
        foreach (var id in buildIds)
        {
            var fullHash = Read(Path.Combine(folder, SaveLocalLayout.BuildMetadataFile(id)))["full_hash"]!.GetValue<string>();
            Assert.Contains(fullHash, savedHashes, $"Build {id}'s spec {fullHash} is in no spec file.");
        }
    }

    [TestMethod]
    public void TheFilesHaveTheShapesOfSpacksSaveLocalFiles()
    {
        var folder = SavedFolder();
        var reference = Path.Combine(ReferenceShapes.FixturesDirectory, "reference-client", "09-save-local-files");
        JsonObject ReferenceOf(SaveLocalFileKind kind) =>
            Read(Directory.GetFiles(reference).First(f => SaveLocalLayout.KindOf(Path.GetFileName(f)) == kind));

        foreach (var file in Directory.GetFiles(folder))
        {
            var name = Path.GetFileName(file);
            var body = Read(file);
            switch (SaveLocalLayout.KindOf(name))
            {
                case SaveLocalFileKind.Spec:
                    ReferenceShapes.AssertSpecBody(body, ReferenceOf(SaveLocalFileKind.Spec), name);
                    break;
                case SaveLocalFileKind.BuildMetadata:
                    ReferenceShapes.AssertNewBuildBody(body, ReferenceOf(SaveLocalFileKind.BuildMetadata), name);
                    Assert.AreEqual("local,golden", body["tags"]?.GetValue<string>(), name);
                    break;
                case SaveLocalFileKind.Phase:
                    ReferenceShapes.AssertUpdateBody(body, ReferenceOf(SaveLocalFileKind.Phase), name, localBuildId: true);
                    Assert.AreEqual(SaveLocalLayout.LocalBuildIdOf(name), body["build_id"]!.GetValue<string>(), name);
                    break;
                case SaveLocalFileKind.Status:
                    ReferenceShapes.AssertUpdateBody(body, ReferenceOf(SaveLocalFileKind.Status), name, localBuildId: true);
                    Assert.AreEqual(SaveLocalLayout.LocalBuildIdOf(name), body["build_id"]!.GetValue<string>(), name);
                    break;
                default:
                    Assert.Fail($"{name} is not a file of the save-local layout.");
                    break;
            }
        }
    }

    [TestMethod]
    public void TheTokenIsInNoSavedFile()
    {
        foreach (var file in Directory.GetFiles(_reports, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(_uploadTarget.Credentials.Token, File.ReadAllText(file), $"The token leaked into {file}.");
    }

    [TestMethod]
    public async Task AnUploadRecordsWhatADirectRunRecords()
    {
        var folder = SavedFolder();
        var upload = await ChildProcess.RunAsync("dotnet",
            [SuiteRun.SpackmonCli, "upload", folder, "--host", _uploadTarget.Host],
            _solution.Root, ChildEnvironment.Create(credentials: _uploadTarget.Credentials));
        BuildAssert.Succeeded(upload);

        // The same solution in another folder, built directly against another server.
        var twin = TempSolution.LibraryAndApp(Prefix);
        var direct = await _direct.MonitoredAsync(twin.Root, ["build", twin.SolutionFile, "-p:SpackMonitorTags=\"local,golden\""]);
        BuildAssert.Succeeded(direct);

        var uploaded = await _uploadTarget.Api.BuildsOfAsync(Prefix);
        var recorded = await _direct.Api.BuildsOfAsync(Prefix);
        Assert.HasCount(2, uploaded, $"{string.Join("; ", uploaded)}\n{upload.Describe()}");
        Assert.AreEqual(Summary(recorded, withHash: false), Summary(uploaded, withHash: false), "The upload must record the same builds, statuses and phases.");
        Assert.AreEqual(Summary(recorded, withHash: true), Summary(uploaded, withHash: true),
            "The same solution in another folder must have the same full hashes.");
    }

    private static string Summary(IEnumerable<BuildView> builds, bool withHash) =>
        string.Join("\n", builds.OrderBy(b => b.Spec.Name).Select(b =>
            $"{b.Spec.Name}@{b.Spec.Version}{(withHash ? " " + b.Spec.FullHash : "")} {b.Status} [{string.Join(',', b.Tags.Order())}] "
            + string.Join(' ', b.Phases.Select(p => $"{p.Name}:{p.Status}").Order())));

    private static string SavedFolder()
    {
        BuildAssert.Succeeded(_build);
        Assert.IsTrue(Directory.Exists(_reports), $"No {_reports}. {_build.Describe()}");
        var folders = Directory.GetDirectories(_reports);
        Assert.HasCount(1, folders, $"One dated folder per build invocation in {_reports}: {string.Join(", ", folders)}");
        return folders[0];
    }

    private static JsonObject Read(string file) => JsonNode.Parse(File.ReadAllText(file))!.AsObject();
}
