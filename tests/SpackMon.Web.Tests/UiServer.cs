using System.Text.Json.Nodes;
using SpackMon.Client;
using SpackMon.Protocol;
using SpackMon.Server;

namespace SpackMon.Web.Tests;

/// <summary>What <see cref="UiServer.FailedBuildAsync"/> recorded.</summary>
public sealed record RecordedBuild(long BuildId, string AppName, string LibName, string PackageName, string PackageVersion);

/// <summary>
/// A real server on a loopback port with a fresh SQLite file and one user, fed the way a monitored build feeds it:
/// through <see cref="MonitorClient"/> (token exchange, specs/new, builds/new, phases, status).
/// </summary>
public sealed class UiServer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly MonitorClient _client;

    private UiServer(MonitorServer server, string folder, MonitorClient client)
    {
        Server = server;
        _folder = folder;
        _client = client;
    }

    public MonitorServer Server { get; }

    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>The real output of a failing <c>dotnet build</c>: CS0103 on its 3rd line, CS0219 on its 4th, both repeated in the summary.</summary>
    public static string FailingBuildLog { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Logs", "dotnet-build-fail.log")).Replace("\r\n", "\n");

    /// <summary>The log line of the CS0103 error in the compile phase's output (one header line before the build log).</summary>
    public const int ErrorLine = 4;

    public const string User = "dev";

    public string Token { get; private set; } = "";

    public static async Task<UiServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("spackmon-web-tests-").FullName;
        var server = await MonitorServer.StartAsync(new ServerOptions { Urls = "http://127.0.0.1:0", SqlitePath = Path.Combine(folder, "ui.sqlite") });
        var token = await server.AddUserAsync(User);
        var client = new MonitorClient(new MonitorClientOptions
        {
            Host = server.BaseAddress.ToString().TrimEnd('/'),
            Credentials = new MonitorCredentials(User, token),
        });
        return new UiServer(server, folder, client) { Token = token };
    }

    /// <summary>
    /// Records a FAILED build of project <paramref name="appName"/> (→ a library → a NuGet package, and → the package) with a
    /// restore phase and a compile phase whose output carries the real compiler error; <paramref name="extraOutput"/> goes
    /// into a third phase.
    /// </summary>
    public async Task<RecordedBuild> FailedBuildAsync(string appName, string packageName, string packageVersion, string tags, string? extraOutput = null)
    {
        var package = SpecHash.Assign(Node(packageName, packageVersion, "nuget"));
        var lib = Node(appName.Replace("App", "Lib"), "1.0.0", "dotnet");
        lib.Dependencies.Add(Edge(package));
        SpecHash.Assign(lib);
        var app = Node(appName, "1.2.0", "dotnet");
        app.Parameters = new JsonObject { ["configuration"] = "Debug", ["target_framework"] = "net10.0" };
        app.Dependencies.Add(Edge(lib));
        app.Dependencies.Add(Edge(package));
        SpecHash.Assign(app);

        await _client.NewSpecAsync(new NewSpecRequest { Spec = SpecLayout.WriteV2([app, lib, package]), SpackVersion = MonitorClient.ToolVersion });
        var build = await _client.NewBuildAsync(new NewBuildRequest
        {
            FullHash = app.FullHash, SpackVersion = MonitorClient.ToolVersion, Tags = tags,
            Hostname = "ci-runner-7", KernelVersion = "#1 SMP Debian 6.1", HostOs = "debian12", Platform = "linux", HostTarget = "x86_64",
        });
        var id = JsonValue.Create(build.Build!.BuildId);
        await Phase(id, "restore", PhaseStatus.Success, $"==> {appName}: Executing phase: 'restore'\n  Restored {appName}.csproj\n==> restore SUCCESS in 0.91 s\n");
        await Phase(id, "compile", PhaseStatus.Error, $"==> {appName}: Executing phase: 'compile'\n" + FailingBuildLog + "==> compile ERROR in 4.70 s\n");
        if (extraOutput is not null)
            await Phase(id, "test", PhaseStatus.Failed, extraOutput);
        await _client.UpdateBuildAsync(new BuildUpdateRequest { BuildId = id, Status = BuildStatus.Failed });
        return new RecordedBuild(build.Build.BuildId, appName, lib.Name, packageName, packageVersion);
    }

    private Task Phase(JsonNode id, string name, string status, string output) =>
        _client.UpdatePhaseAsync(new PhaseUpdateRequest { BuildId = id.DeepClone(), PhaseName = name, Status = status, Output = output });

    private static SpecNode Node(string name, string version, string ns) => new()
    {
        Name = name,
        Version = version,
        Namespace = ns,
        Arch = new SpecArch { Platform = "linux", PlatformOs = "debian12", Target = JsonValue.Create("x86_64") },
        Compiler = new SpecCompiler { Name = ns == "nuget" ? "nuget" : "dotnet", Version = ns == "nuget" ? "" : "10.0.401" },
        Parameters = new JsonObject(),
    };

    private static SpecDependency Edge(SpecNode to) => new() { Name = to.Name, FullHash = to.FullHash, Type = ["build", "link"] };

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
