using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SpackMon.Build.Tests.Support;
using SpackMon.Client;
using SpackMon.Protocol;

namespace SpackMon.Build.Tests;

[TestClass]
public sealed class SaveLocalTests
{
    private static ServerFixture s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s_server = await ServerFixture.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s_server.DisposeAsync();

    [TestMethod]
    public async Task Writer_uses_spacks_file_layout_and_local_hex_ids()
    {
        using var folder = new TempFolder();
        var writer = new SaveLocalWriter(SaveLocalWriter.DatedFolder(folder.Path, new DateTime(2026, 12, 3, 19, 7, 5)));
        StringAssert.EndsWith(writer.Folder, "2026-12-03-19-07-05");
        IBuildMonitor monitor = writer;
        var nodes = MonitorClientTests.Spec("saved");
        await monitor.RegisterSpecAsync(new NewSpecRequest { Spec = SpecLayout.WriteV2(nodes), SpackVersion = "t" }, default);
        var id = await monitor.NewBuildAsync(MonitorClientTests.Metadata(nodes[0].FullHash, "local"), default);
        await monitor.UpdatePhaseAsync(id, "compile", "SUCCESS", "ok", default);
        await monitor.UpdateBuildAsync(id, "SUCCESS", default);

        StringAssert.Matches(id, new Regex("^[0-9a-f]{32}$"));
        var files = Directory.GetFiles(writer.Folder).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { $"build-{id}-phase-compile.json", $"build-{id}-status.json", $"build-metadata-{id}.json", "spec-saved-2.0-config.json" }, files);
        var phase = JsonNode.Parse(File.ReadAllText(Path.Combine(writer.Folder, $"build-{id}-phase-compile.json")))!;
        Assert.AreEqual(id, (string?)phase["build_id"]);
        Assert.AreEqual("compile", (string?)phase["phase_name"]);
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(writer.Folder, $"build-metadata-{id}.json")))!.AsObject();
        Assert.IsFalse(metadata.ContainsKey("spec"), "like spack's, no spec in the metadata");
    }

    [TestMethod]
    public async Task Our_folder_round_trips_to_the_server()
    {
        using var folder = new TempFolder();
        IBuildMonitor writer = new SaveLocalWriter(Path.Combine(folder.Path, "2026-01-01-00-00-00"));
        var nodes = MonitorClientTests.Spec("roundtrip");
        await writer.RegisterSpecAsync(new NewSpecRequest { Spec = SpecLayout.WriteV2(nodes), SpackVersion = "t" }, default);
        var root = await writer.NewBuildAsync(MonitorClientTests.Metadata(nodes[0].FullHash, "a,b"), default);
        var dep = await writer.NewBuildAsync(MonitorClientTests.Metadata(nodes[1].FullHash, "a,b"), default);
        await writer.UpdatePhaseAsync(root, "restore", "SUCCESS", "", default);
        await writer.UpdatePhaseAsync(root, "compile", "ERROR", "CS0103", default);
        await writer.UpdateBuildAsync(root, "FAILED", default);
        await writer.UpdateBuildAsync(dep, "SUCCESS", default);

        var lines = new List<string>();
        using var client = MonitorClientTests.Client(s_server.Host, new MonitorCredentials(s_server.User, s_server.Token));
        var summary = await new SaveLocalUploader(client, lines.Add).UploadAsync(folder.Path);

        Assert.AreEqual("1 specs, 2 builds, 2 phases, 2 statuses", summary.ToString());
        Assert.AreEqual("Reading spec-roundtrip-2.0-config.json", lines[0]);
        Assert.AreEqual("Upload complete", lines[^1]);
        var builds = (JsonArray)(await s_server.GetAsync("/api/builds/?page_size=100"))["results"]!;
        var stored = builds.Single(b => (string?)b!["spec"]!["full_hash"] == nodes[0].FullHash)!;
        Assert.AreEqual("FAILED", (string?)stored["status"]);
        CollectionAssert.AreEqual(new[] { "restore", "compile" }, ((JsonArray)stored["phases"]!).Select(p => (string?)p!["name"]).ToArray(), "phases keep the order they were written in");
        Assert.AreEqual("CS0103", (string?)stored["phases"]![1]!["output"]);
        Assert.AreEqual("SUCCESS", (string?)builds.Single(b => (string?)b!["spec"]!["full_hash"] == nodes[1].FullHash)!["status"]);
    }

    [TestMethod]
    public async Task An_upload_run_twice_records_nothing_twice_and_an_interrupted_one_completes_when_run_again()
    {
        using var folder = new TempFolder();
        IBuildMonitor writer = new SaveLocalWriter(Path.Combine(folder.Path, "2026-01-01-00-00-00"));
        var nodes = MonitorClientTests.Spec("twice");
        await writer.RegisterSpecAsync(new NewSpecRequest { Spec = SpecLayout.WriteV2(nodes), SpackVersion = "t" }, default);
        var root = await writer.NewBuildAsync(MonitorClientTests.Metadata(nodes[0].FullHash, "a"), default);
        var dep = await writer.NewBuildAsync(MonitorClientTests.Metadata(nodes[1].FullHash, "a"), default);
        foreach (var (build, phase) in new[] { (dep, "restore"), (dep, "compile"), (dep, "build"), (root, "restore"), (root, "compile"), (root, "build") })
            await writer.UpdatePhaseAsync(build, phase, "SUCCESS", phase + " output", default);
        await writer.UpdateBuildAsync(dep, "SUCCESS", default);
        await writer.UpdateBuildAsync(root, "SUCCESS", default);

        await using var once = await ServerFixture.StartAsync();
        await UploadAsync(once, folder.Path);
        var expected = await RecordAsync(once);
        await UploadAsync(once, folder.Path);
        Assert.AreEqual(expected, await RecordAsync(once), "a second upload changed the record");

        await using var resumed = await ServerFixture.StartAsync();
        using (var cancel = new CancellationTokenSource())
        {
            var read = 0;
            using var client = MonitorClientTests.Client(resumed.Host, new MonitorCredentials(resumed.User, resumed.Token));
            // Interrupted after the spec, both builds and a few phases were sent (Ctrl+C, a lost connection).
            await Assert.ThrowsAsync<OperationCanceledException>(() => new SaveLocalUploader(client, _ =>
            {
                if (++read == 4)
                    cancel.Cancel();
            }).UploadAsync(folder.Path, cancel.Token));
        }
        var partial = await RecordAsync(resumed);
        Assert.AreNotEqual(expected, partial, "the interrupted upload must have stopped part way");
        StringAssert.Contains(partial, "twice", "and have sent something");
        await UploadAsync(resumed, folder.Path);
        Assert.AreEqual(expected, await RecordAsync(resumed));
    }

    private static async Task UploadAsync(ServerFixture server, string folder)
    {
        using var client = MonitorClientTests.Client(server.Host, new MonitorCredentials(server.User, server.Token));
        await new SaveLocalUploader(client).UploadAsync(folder);
    }

    // Everything an upload records, without ids and times: spec, status, tags and phases of every build.
    private static async Task<string> RecordAsync(ServerFixture server)
    {
        var builds = (JsonArray)(await server.GetAsync("/api/builds/?page_size=1000"))["results"]!;
        return string.Join("\n", builds.Select(b =>
                $"{b!["spec"]!["name"]} {b["spec"]!["full_hash"]} {b["status"]} [{string.Join(",", ((JsonArray)b["tags"]!).Select(t => (string?)t))}] " +
                string.Join(" ", ((JsonArray)b["phases"]!).Select(p => $"{p!["name"]}:{p["status"]}:{p["output"]}")))
            .Order(StringComparer.Ordinal)) + $"\n{builds.Count} builds";
    }

    [TestMethod]
    public async Task Spacks_own_save_local_folder_uploads()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "09-save-local-files");
        using var client = MonitorClientTests.Client(s_server.Host, new MonitorCredentials(s_server.User, s_server.Token));
        var lines = new List<string>();
        var summary = await new SaveLocalUploader(client, lines.Add).UploadAsync(fixture);

        Assert.AreEqual("1 specs, 2 builds, 4 phases, 2 statuses", summary.ToString());
        var builds = (JsonArray)(await s_server.GetAsync("/api/builds/?page_size=100"))["results"]!;
        var root = builds.Single(b => (string?)b!["spec"]!["full_hash"] == "fokwjorqngutm5zxj7c2v5k64ljhjhip")!;
        Assert.AreEqual("SUCCESS", (string?)root["status"]);
        CollectionAssert.AreEquivalent(new[] { "build", "configure", "install" }, ((JsonArray)root["phases"]!).Select(p => (string?)p!["name"]).ToArray());
        CollectionAssert.AreEquivalent(new[] { "local", "golden" }, ((JsonArray)root["tags"]!).Select(t => (string?)t).ToArray());
        Assert.IsTrue(builds.Any(b => (string?)b!["spec"]!["full_hash"] == "lyx6lo2b5dyku3vhjzff46xwoks4hgjp"));
    }

    [TestMethod]
    public async Task Spackmon_upload_command_sends_a_folder_and_checks_its_arguments()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "09-save-local-files");
        using (Env.Credentials(s_server.User, s_server.Token))
        {
            var (code, output, errors) = await Cli("upload", fixture, "--host", s_server.Host);
            Assert.AreEqual(0, code, errors);
            Assert.AreEqual($"Uploaded 1 specs, 2 builds, 4 phases, 2 statuses to {s_server.Host}/ms1", output.Trim());
            StringAssert.Contains(errors, "==> Reading spec-tiny-root-2.0-config.json");
            StringAssert.Contains(errors, "==> Upload complete");

            Assert.AreEqual(2, (await Cli("upload", fixture)).Code, "--host is required");
            var down = await Cli("upload", fixture, "--host", "http://127.0.0.1:" + ServerFixture.FreePort());
            Assert.AreEqual(1, down.Code);
            StringAssert.Contains(down.Errors, "Connection refused");
        }
        using (Env.Credentials(null, null))
        {
            var (code, _, errors) = await Cli("upload", fixture, "--host", s_server.Host);
            Assert.AreEqual(1, code);
            StringAssert.Contains(errors, "You are required to export SPACKMON_TOKEN and SPACKMON_USER");
        }
    }

    private static async Task<(int Code, string Output, string Errors)> Cli(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await SpackMon.Server.Cli.SpackMonCli.RunAsync(args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [TestMethod]
    public async Task A_corrupt_file_is_named_before_anything_is_sent()
    {
        using var folder = new TempFolder();
        var bad = folder.Write("2026/build-metadata-0123456789abcdef0123456789abcdef.json", "{ \"full_hash\": ");
        using var client = MonitorClientTests.Client(s_server.Host);
        var e = await Assert.ThrowsExactlyAsync<SaveLocalFormatException>(() => new SaveLocalUploader(client).UploadAsync(folder.Path));
        Assert.AreEqual(bad, e.FilePath);
        StringAssert.StartsWith(e.Message, bad + ": not valid JSON");
    }

    [TestMethod]
    public async Task A_phase_without_its_build_metadata_is_named()
    {
        using var folder = new TempFolder();
        var orphan = folder.Write("build-0123456789abcdef0123456789abcdef-phase-compile.json", """{"build_id":"0123456789abcdef0123456789abcdef","status":"SUCCESS","output":"","phase_name":"compile"}""");
        using var client = MonitorClientTests.Client(s_server.Host);
        var e = await Assert.ThrowsExactlyAsync<SaveLocalFormatException>(() => new SaveLocalUploader(client).UploadAsync(folder.Path));
        StringAssert.StartsWith(e.Message, orphan);
        StringAssert.Contains(e.Message, "build-metadata-0123456789abcdef0123456789abcdef.json");
    }

    [TestMethod]
    public async Task A_missing_folder_is_a_clear_error()
    {
        using var client = MonitorClientTests.Client(s_server.Host);
        var e = await Assert.ThrowsExactlyAsync<DirectoryNotFoundException>(() => new SaveLocalUploader(client).UploadAsync("/no/such/folder"));
        Assert.AreEqual("/no/such/folder does not exist.", e.Message);
    }
}
