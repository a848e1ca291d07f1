using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;
using SpackMon.Build.Monitoring;
using SpackMon.Build.Tasks;
using SpackMon.Build.Tests.Support;

namespace SpackMon.Build.Tests;

/// <summary>The thin tasks with a fake engine, against the real server.</summary>
[TestClass]
public sealed class TaskTests
{
    private static ServerFixture s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s_server = await ServerFixture.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s_server.DisposeAsync();

    [TestMethod]
    public void Check_without_credentials_fails_with_spacks_message()
    {
        using var env = Env.Credentials(null, null);
        using var folder = new TempFolder();
        var engine = new FakeBuildEngine();
        var check = new MonitorCheck { BuildEngine = engine, Host = s_server.Host, SaveLocalDir = folder.Path };
        Assert.IsFalse(check.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("SPACKMON001", error.Code);
        StringAssert.StartsWith(error.Message, "You are required to export SPACKMON_TOKEN and SPACKMON_USER");
    }

    [TestMethod]
    public void Check_of_an_absent_server_names_url_and_cause_even_with_disable_auth()
    {
        using var env = Env.Credentials(null, null);
        using var folder = new TempFolder();
        var host = "http://127.0.0.1:" + ServerFixture.FreePort();
        var engine = new FakeBuildEngine();
        Assert.IsFalse(new MonitorCheck { BuildEngine = engine, Host = host, DisableAuth = true, SaveLocalDir = folder.Path }.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("SPACKMON002", error.Code);
        StringAssert.Contains(error.Message, $"{host}/ms1/: Connection refused");
    }

    [TestMethod]
    public void Check_warns_when_every_environment_variable_is_logged()
    {
        using var env = Env.Credentials(s_server.User, s_server.Token).Set("MSBUILDLOGALLENVIRONMENTVARIABLES", "1");
        using var folder = new TempFolder();
        var engine = new FakeBuildEngine();
        var check = new MonitorCheck { BuildEngine = engine, Host = s_server.Host, SaveLocalDir = folder.Path };
        Assert.IsTrue(check.Execute());
        Assert.AreEqual("SPACKMON005", engine.Warnings.Single().Code);
        Assert.AreEqual(s_server.Host + "/ms1", check.BaseUrl);
    }

    [TestMethod]
    public void Save_local_needs_no_credentials_and_no_server()
    {
        using var env = Env.Credentials(null, null);
        using var folder = new TempFolder();
        var engine = new FakeBuildEngine();
        var check = new MonitorCheck { BuildEngine = engine, Host = "http://127.0.0.1:" + ServerFixture.FreePort(), SaveLocal = true, SaveLocalDir = folder.Path };
        Assert.IsTrue(check.Execute());
        StringAssert.StartsWith(check.SaveLocalFolder, folder.Path);
        StringAssert.Matches(Path.GetFileName(check.SaveLocalFolder), new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$"));
        Assert.AreEqual(0, engine.Errors.Count);
    }

    [TestMethod]
    public async Task A_project_build_is_recorded_with_restore_compile_and_build_phases_and_the_session_is_shared()
    {
        using var env = Env.Credentials(s_server.User, s_server.Token);
        using var folder = new TempFolder();
        var engine = new FakeBuildEngine();
        var check = new MonitorCheck { BuildEngine = engine, Host = s_server.Host, SaveLocalDir = folder.Path };
        Assert.IsTrue(check.Execute());
        var project = Project(folder, "TaskApp");
        var spec = ComputeSpec(engine, project);

        var begin = Begin(engine, spec, check.BaseUrl, check.SaveLocalFolder, "ci, nightly");
        Assert.IsTrue(begin.Execute(), engine.AllText);
        Assert.IsTrue(new MonitorPhase { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "TaskApp", Phase = "compile", Start = true }.Execute());
        var sarif = folder.Write("TaskApp/obj/TaskApp.sarif", """{"version":"2.1.0","runs":[{"results":[{"ruleId":"CS0219","level":"warning","message":{"text":"unused"}}]}]}""");
        Assert.IsTrue(new MonitorPhase { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "TaskApp", Phase = "compile", Status = "SUCCESS", SarifFile = sarif }.Execute());
        var end = new MonitorEnd { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "TaskApp", Status = "SUCCESS", Output = "TaskApp -> bin/TaskApp.dll" };
        Assert.IsTrue(end.Execute(), engine.AllText);
        StringAssert.Contains(engine.AllText, $"SpackMon: TaskApp build {end.BuildId}: SUCCESS");

        var build = await s_server.GetAsync($"/api/builds/{end.BuildId}/");
        Assert.AreEqual("SUCCESS", (string?)build["status"]);
        Assert.AreEqual(spec.FullHash, (string?)build["spec"]!["full_hash"]);
        CollectionAssert.AreEqual(new[] { "ci", "nightly" }, ((JsonArray)build["tags"]!).Select(t => (string?)t).ToArray());
        var phases = ((JsonArray)build["phases"]!).ToDictionary(p => (string)p!["name"]!, p => p!);
        CollectionAssert.AreEquivalent(new[] { "restore", "compile", "build" }, phases.Keys.ToArray());
        Assert.AreEqual("ERROR", (string?)phases["restore"]["status"], "the assets file holds an NU1102 error");
        StringAssert.Contains((string?)phases["restore"]["output"], "error NU1102");
        StringAssert.Contains((string?)phases["compile"]["output"], "warning CS0219: unused");
        StringAssert.Contains((string?)phases["build"]["output"], "TaskApp -> bin/TaskApp.dll");

        var session = BuildSession.Of(engine);
        Assert.AreSame(session, BuildSession.Of(engine), "one session per node and build");
        Assert.AreSame(session.Client(check.BaseUrl, false, SpackMon.Client.MonitorCredentials.FromEnvironment(), TimeSpan.FromSeconds(30)),
            session.Builds[spec.BuildKey].Monitor, "the check's client, with its JWT, serves the project tasks");
        Assert.IsFalse(engine.AllText.Contains(s_server.Token), "the token is never logged");
    }

    [TestMethod]
    public async Task A_failed_compile_is_phase_error_then_build_failed_and_a_failed_reference_cancels()
    {
        using var env = Env.Credentials(s_server.User, s_server.Token);
        using var folder = new TempFolder();
        var engine = new FakeBuildEngine();
        var check = new MonitorCheck { BuildEngine = engine, Host = s_server.Host, SaveLocalDir = folder.Path };
        Assert.IsTrue(check.Execute());
        var lib = ComputeSpec(engine, Project(folder, "FailLib"));
        var libBegin = Begin(engine, lib, check.BaseUrl, check.SaveLocalFolder, "");
        Assert.IsTrue(libBegin.Execute());
        var sarif = folder.Write("FailLib/obj/x.sarif", """{"version":"2.1.0","runs":[{"results":[{"ruleId":"CS0103","level":"error","message":{"text":"The name 'nme' does not exist"}}]}]}""");
        var libEnd = new MonitorEnd { BuildEngine = engine, BuildKey = lib.BuildKey, ProjectName = "FailLib", SarifFile = sarif, CompileStarted = true, ReferencesResolved = true };
        Assert.IsTrue(libEnd.Execute());

        var app = ComputeSpec(engine, Project(folder, "FailApp"));
        var appBegin = Begin(engine, app, check.BaseUrl, check.SaveLocalFolder, "");
        Assert.IsTrue(appBegin.Execute());
        var appEnd = new MonitorEnd { BuildEngine = engine, BuildKey = app.BuildKey, ProjectName = "FailApp", HasProjectReferences = true };
        Assert.IsTrue(appEnd.Execute());

        var libBuild = await s_server.GetAsync($"/api/builds/{libEnd.BuildId}/");
        Assert.AreEqual("FAILED", (string?)libBuild["status"]);
        var compile = ((JsonArray)libBuild["phases"]!).Single(p => (string?)p!["name"] == "compile")!;
        Assert.AreEqual("ERROR", (string?)compile["status"]);
        StringAssert.Contains((string?)compile["output"], "error CS0103: The name 'nme' does not exist");
        var appBuild = await s_server.GetAsync($"/api/builds/{appEnd.BuildId}/");
        Assert.AreEqual("CANCELLED", (string?)appBuild["status"]);
    }

    [TestMethod]
    public async Task A_phase_left_open_when_the_build_ends_is_error_and_the_build_failed()
    {
        using var env = Env.Credentials(s_server.User, s_server.Token);
        using var folder = new TempFolder();
        var engine = new FakeBuildEngine();
        var check = new MonitorCheck { BuildEngine = engine, Host = s_server.Host, SaveLocalDir = folder.Path };
        Assert.IsTrue(check.Execute());
        var spec = ComputeSpec(engine, Project(folder, "OpenTests"));
        var begin = Begin(engine, spec, check.BaseUrl, check.SaveLocalFolder, "");
        Assert.IsTrue(begin.Execute());
        var end = new MonitorEnd { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "OpenTests", Status = "SUCCESS" };
        Assert.IsTrue(end.Execute());
        Assert.IsTrue(new MonitorPhase { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "OpenTests", Phase = "test", Start = true }.Execute());

        engine.EndBuild();

        var build = await s_server.GetAsync($"/api/builds/{end.BuildId}/");
        Assert.AreEqual("FAILED", (string?)build["status"]);
        Assert.AreEqual("ERROR", (string?)((JsonArray)build["phases"]!).Single(p => (string?)p!["name"] == "test")!["status"]);
    }

    [TestMethod]
    public async Task A_skipped_compile_is_reported_up_to_date()
    {
        using var env = Env.Credentials(s_server.User, s_server.Token);
        using var folder = new TempFolder();
        var engine = new FakeBuildEngine();
        var check = new MonitorCheck { BuildEngine = engine, Host = s_server.Host, SaveLocalDir = folder.Path };
        Assert.IsTrue(check.Execute());
        var spec = ComputeSpec(engine, Project(folder, "Incremental"));
        var begin = Begin(engine, spec, check.BaseUrl, check.SaveLocalFolder, "");
        Assert.IsTrue(begin.Execute());
        Assert.IsTrue(new MonitorPhase { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "Incremental", Phase = "compile", Status = "SUCCESS", SarifFile = Path.Combine(folder.Path, "never-written.sarif") }.Execute());
        var sent = BuildSession.Of(engine).Builds[spec.BuildKey];
        Assert.IsTrue(sent.WaitForQueue(TimeSpan.FromSeconds(30), CancellationToken.None));
        var build = await s_server.GetAsync($"/api/builds/{sent.BuildId}/");
        var compile = ((JsonArray)build["phases"]!).Single(p => (string?)p!["name"] == "compile")!;
        StringAssert.Contains((string?)compile["output"], "Up to date: the compiler did not run.");
    }

    [TestMethod]
    public void Keep_going_turns_a_failed_request_into_a_warning_and_saves_what_was_not_sent()
    {
        using var env = Env.Credentials(s_server.User, s_server.Token);
        using var folder = new TempFolder();
        var engine = new FakeBuildEngine();
        var spec = ComputeSpec(engine, Project(folder, "KeepApp"));
        var saveFolder = Path.Combine(folder.Path, "reports", "2026-01-01-00-00-00");
        var deadUrl = "http://127.0.0.1:" + ServerFixture.FreePort() + "/ms1";

        var begin = Begin(engine, spec, deadUrl, saveFolder, "");
        begin.KeepGoing = true;
        Assert.IsTrue(begin.Execute());
        Assert.IsTrue(new MonitorEnd { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "KeepApp", Status = "SUCCESS", KeepGoing = true, SaveLocalFolder = saveFolder }.Execute());
        Assert.AreEqual("SPACKMON004", engine.Warnings.Single().Code);
        StringAssert.Contains(engine.Warnings[0].Message, "Connection refused");
        StringAssert.Contains(engine.Warnings[0].Message, $"spackmon upload {saveFolder}");
        Assert.IsEmpty(engine.Errors, engine.AllText);
        var names = Directory.GetFiles(saveFolder).Select(Path.GetFileName).ToList();
        Assert.IsTrue(names.Contains("spec-KeepApp-1.0.0-config.json"));
        Assert.AreEqual(1, names.Count(n => n!.StartsWith("build-metadata-")));
        Assert.IsTrue(names.Any(n => n!.EndsWith("-phase-restore.json")) && names.Any(n => n!.EndsWith("-phase-build.json")) && names.Any(n => n!.EndsWith("-status.json")));

        var strict = new FakeBuildEngine();
        var strictSpec = ComputeSpec(strict, Project(folder, "StrictApp"));
        Assert.IsTrue(Begin(strict, strictSpec, deadUrl, saveFolder, "").Execute(), "the begin only queues its requests");
        Assert.IsFalse(new MonitorEnd { BuildEngine = strict, BuildKey = strictSpec.BuildKey, ProjectName = "StrictApp", Status = "SUCCESS", SaveLocalFolder = saveFolder }.Execute(),
            "without KeepGoing the failed delivery fails the project's build");
        Assert.AreEqual("SPACKMON003", strict.Errors.Single().Code);
        StringAssert.Contains(strict.Errors[0].Message, "SpackMonitorKeepGoing=true");
    }

    [TestMethod]
    public void After_the_first_failed_delivery_of_a_build_every_project_is_saved_at_once_with_one_warning_for_the_build()
    {
        using var stub = new StubServer(_ => (503, "{\"message\":\"down\"}", null));
        using var folder = new TempFolder();
        var saveFolder = Path.Combine(folder.Path, "reports", "2026-01-01-00-00-00");
        var engine = new FakeBuildEngine();
        foreach (var name in new[] { "FirstApp", "SecondApp", "ThirdApp" })
        {
            var spec = ComputeSpec(engine, Project(folder, name));
            var begin = Begin(engine, spec, stub.Host + "/ms1", saveFolder, "");
            begin.KeepGoing = true;
            begin.DisableAuth = true;
            Assert.IsTrue(begin.Execute(), engine.AllText);
            Assert.IsTrue(new MonitorEnd { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = name, Status = "SUCCESS", KeepGoing = true, SaveLocalFolder = saveFolder }.Execute());
        }

        Assert.HasCount(1, engine.Warnings, engine.AllText);
        Assert.AreEqual("SPACKMON004", engine.Warnings[0].Code);
        StringAssert.Contains(engine.Warnings[0].Message, "tried 3 times");
        StringAssert.Contains(engine.Warnings[0].Message, $"spackmon upload {saveFolder}");
        Assert.HasCount(3, stub.Requests, "only the first project waited for the server: " + string.Join(", ", stub.Requests));
        Assert.IsTrue(File.Exists(Path.Combine(saveFolder, UndeliveredMarker.FileName)));
        var names = Directory.GetFiles(saveFolder).Select(Path.GetFileName).ToList();
        Assert.AreEqual(3, names.Count(n => n!.StartsWith("build-metadata-")), string.Join(", ", names));
        Assert.AreEqual(3, names.Count(n => n!.EndsWith("-status.json")), string.Join(", ", names));
    }

    [TestMethod]
    public void A_build_left_open_when_the_server_is_gone_is_closed_in_the_save_local_folder()
    {
        using var env = Env.Credentials(s_server.User, s_server.Token);
        using var folder = new TempFolder();
        var saveFolder = Path.Combine(folder.Path, "reports", "2026-01-01-00-00-01");
        var engine = new FakeBuildEngine();
        var spec = ComputeSpec(engine, Project(folder, "OpenApp"));
        var begin = Begin(engine, spec, s_server.Host + "/ms1", saveFolder, "");
        begin.KeepGoing = true;
        Assert.IsTrue(begin.Execute(), engine.AllText);
        Assert.IsTrue(new MonitorPhase { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "OpenApp", Phase = "compile", Start = true }.Execute());
        // Another node found the server gone: the build's end must not send this project's close-out to the server.
        UndeliveredMarker.TryCreate(saveFolder, "another node found the server gone");

        engine.EndBuild();

        var names = Directory.GetFiles(saveFolder).Select(Path.GetFileName).ToList();
        var phase = names.SingleOrDefault(n => n!.EndsWith("-phase-compile.json"));
        Assert.IsNotNull(phase, string.Join(", ", names));
        StringAssert.Contains(File.ReadAllText(Path.Combine(saveFolder, phase)), "ERROR");
        StringAssert.Contains(File.ReadAllText(Path.Combine(saveFolder, names.Single(n => n!.EndsWith("-status.json"))!)), "FAILED");
    }

    [TestMethod]
    public void A_phase_reported_after_the_end_of_the_build_waits_for_its_request_and_a_failure_is_its_error()
    {
        // dotnet test, pack and publish report their phase after the project's MonitorEnd: no later task would log it.
        using var stub = new StubServer(request =>
        {
            var body = new StreamReader(request.InputStream).ReadToEnd();
            return request.Url!.AbsolutePath switch
            {
                "/ms1/specs/new/" => (201, """{"message":"success","data":{"spec":{"full_hash":"h","name":"n","version":"1","spack_version":"v","specs":{}},"created":true},"code":201}""", null),
                "/ms1/builds/new/" => (201, """{"message":"ok","data":{"build":{"build_id":7,"spec_full_hash":"h","spec_name":"n"},"build_created":true,"build_environment_created":true},"code":201}""", null),
                "/ms1/builds/phases/update/" when body.Contains("\"test\"") => (500, """{"message":"the disk is full"}""", null),
                "/ms1/builds/phases/update/" => (200, """{"message":"ok","data":{"build_phase":{"id":1,"status":"SUCCESS","name":"n"}},"code":200}""", null),
                _ => (200, """{"message":"ok","data":{"build":{"build_id":7,"spec_full_hash":"h","spec_name":"n"}},"code":200}""", null),
            };
        });
        using var folder = new TempFolder();
        var engine = new FakeBuildEngine();
        var spec = ComputeSpec(engine, Project(folder, "LateTests"));
        var begin = Begin(engine, spec, stub.Host + "/ms1", "", "");
        begin.DisableAuth = true;
        Assert.IsTrue(begin.Execute(), engine.AllText);
        var end = new MonitorEnd { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "LateTests", Status = "SUCCESS" };
        Assert.IsTrue(end.Execute(), engine.AllText);
        Assert.AreEqual("7", end.BuildId);

        Assert.IsTrue(new MonitorPhase { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "LateTests", Phase = "test", Start = true }.Execute());
        var test = new MonitorPhase { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "LateTests", Phase = "test", Status = "SUCCESS", Output = "Tests passed." };
        Assert.IsFalse(test.Execute(), "the failed request of a phase after the end fails the task that reported it");
        var error = engine.Errors.Single();
        Assert.AreEqual("SPACKMON003", error.Code);
        StringAssert.Contains(error.Message, "the disk is full");
        StringAssert.Contains(error.Message, "LateTests");
    }

    [TestMethod]
    public void An_end_whose_sender_has_not_finished_in_time_is_an_error_or_under_keep_going_a_warning()
    {
        using var stub = new StubServer(_ => null); // never answers: the request runs to its 30 s time limit
        using var folder = new TempFolder();
        foreach (var keepGoing in new[] { false, true })
        {
            var engine = new FakeBuildEngine();
            var name = keepGoing ? "SlowKeepGoing" : "SlowStrict";
            var spec = ComputeSpec(engine, Project(folder, name));
            var begin = Begin(engine, spec, stub.Host + "/ms1", Path.Combine(folder.Path, "reports", name), "");
            begin.DisableAuth = true;
            begin.KeepGoing = keepGoing;
            begin.TimeoutSeconds = 30;
            Assert.IsTrue(begin.Execute(), engine.AllText);

            var end = new MonitorEnd
            {
                BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = name, Status = "SUCCESS", KeepGoing = keepGoing,
                SaveLocalFolder = begin.SaveLocalFolder, TimeoutSeconds = 30, FlushTimeoutSeconds = 1,
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.AreEqual(keepGoing, end.Execute(), engine.AllText);
            Assert.IsLessThan(20.0, clock.Elapsed.TotalSeconds, "the end waited for its bound, not for the request's time limit");
            var logged = keepGoing ? engine.Warnings.Select(w => (w.Code, w.Message)) : engine.Errors.Select(e => (e.Code, e.Message));
            var message = logged.Single(l => l.Code == "SPACKMON009").Message;
            StringAssert.Contains(message, name);
            StringAssert.Contains(message, "within 1 s");
            Assert.AreEqual("", end.BuildId);
        }
    }

    [TestMethod]
    public async Task The_begin_returns_before_the_server_answers_and_cancelling_the_end_ends_the_wait_without_an_error()
    {
        using var stub = new StubServer(_ => null);
        using var folder = new TempFolder();
        var engine = new FakeBuildEngine();
        var spec = ComputeSpec(engine, Project(folder, "CancelApp"));
        var begin = Begin(engine, spec, stub.Host + "/ms1", "", "");
        begin.DisableAuth = true;
        begin.TimeoutSeconds = 600;
        // The server never answers: a begin that waited for it would take the request's 600 s time limit.
        var beginning = Task.Run(begin.Execute);
        Assert.AreSame(beginning, await Task.WhenAny(beginning, Task.Delay(TimeSpan.FromSeconds(60))), "the begin waited for the server");
        Assert.IsTrue(await beginning, engine.AllText);
        Assert.IsTrue(begin.Started);

        var end = new MonitorEnd { BuildEngine = engine, BuildKey = spec.BuildKey, ProjectName = "CancelApp", Status = "SUCCESS", TimeoutSeconds = 600 };
        var ending = Task.Run(end.Execute);
        for (var i = 0; i < 1000 && stub.Requests.Count == 0; i++)
            await Task.Delay(10);
        Assert.HasCount(1, stub.Requests, "the sender sent specs/new and waits for its answer");
        Assert.IsFalse(ending.IsCompleted, "the end waits for the sender");
        end.Cancel();
        // Far below the request's own time limit: only the cancellation can have ended it.
        Assert.AreSame(ending, await Task.WhenAny(ending, Task.Delay(TimeSpan.FromSeconds(60))), "the end did not stop waiting when cancelled");
        Assert.IsTrue(await ending, engine.AllText);
        Assert.IsEmpty(engine.Errors, engine.AllText);
        StringAssert.Contains(engine.AllText, "SpackMon: cancelled.");
        Assert.AreEqual("", end.BuildId);
    }

    [TestMethod]
    public void Spec_task_writes_the_v2_spec_and_is_stable_across_runs()
    {
        using var folder = new TempFolder();
        var engine = new FakeBuildEngine();
        var project = Project(folder, "StableApp");
        var first = ComputeSpec(engine, project);
        var written = File.GetLastWriteTimeUtc(first.SpecFile);
        var second = ComputeSpec(new FakeBuildEngine(), project);
        Assert.AreEqual(first.FullHash, second.FullHash);
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(first.SpecFile), "an unchanged spec file is not rewritten");
        var nodes = JsonNode.Parse(File.ReadAllText(first.SpecFile))!["nodes"]!.AsArray();
        Assert.AreEqual("StableApp", (string?)nodes[0]!["name"]);
        Assert.AreEqual("Debug", (string?)nodes[0]!["parameters"]!["Configuration"]);
    }

    private static MonitorBegin Begin(IBuildEngine engine, ComputeSpec spec, string baseUrl, string saveLocalFolder, string tags) => new()
    {
        BuildEngine = engine,
        BuildKey = spec.BuildKey,
        ProjectName = spec.ProjectName,
        SpecFile = spec.SpecFile,
        BaseUrl = baseUrl,
        SaveLocalFolder = saveLocalFolder,
        Tags = tags,
        AssetsFile = spec.AssetsFile,
        TimeoutSeconds = 10,
    };

    private static ComputeSpec ComputeSpec(IBuildEngine engine, string projectFile)
    {
        var directory = Path.GetDirectoryName(projectFile)!;
        var name = Path.GetFileNameWithoutExtension(projectFile);
        var task = new ComputeSpec
        {
            BuildEngine = engine,
            ProjectName = name,
            ProjectFile = projectFile,
            SpecFile = Path.Combine(directory, "obj", "spackmon.spec.json"),
            Version = "1.0.0",
            TargetFramework = "net10.0",
            CompilerVersion = "10.0.401",
            AssetsFile = Path.Combine(directory, "obj", "project.assets.json"),
            SourceFiles = new ITaskItem[] { new TaskItem(Path.Combine(directory, "Program.cs")) },
            Parameters = new ITaskItem[] { new TaskItem("Configuration", new Dictionary<string, string> { ["Value"] = "Debug" }) },
        };
        Assert.IsTrue(task.Execute());
        return task;
    }

    private static string Project(TempFolder folder, string name)
    {
        folder.Write($"{name}/Program.cs", "System.Console.WriteLine(1);\n");
        folder.Write($"{name}/obj/project.assets.json", ProjectSpecBuilderTests.Assets);
        return folder.Write($"{name}/{name}.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
    }
}
