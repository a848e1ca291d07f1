using System.Text.Json.Nodes;
using static SpackMon.Server.Tests.Support.SpecBuilder;

namespace SpackMon.Server.Tests.Support;

/// <summary>What <see cref="WebData.FailedBuildAsync"/> registered: names unique to one test, and the ids the server gave.</summary>
public sealed record SeededBuild(string AppName, string LibName, string PackageName, string AppHash, string LibHash, string PackageHash,
    long BuildId, long AppSpecId, long PackageSpecId, long CompilePhaseId, string Tag);

/// <summary>
/// A failed .NET build as our client posts it: spec app → lib → package (namespace nuget) and app → package,
/// a restore phase and a compile phase whose output is a real failing <c>dotnet build</c> log.
/// </summary>
public static class WebData
{
    /// <summary>The output of a real <c>dotnet build</c> with a CS0103 error (line 3) and a CS0219 warning (line 4), each repeated in the summary.</summary>
    public static string FailingBuildLog { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Logs", "dotnet-build-fail.log"));

    /// <summary>The compile phase's output: one header line, then <see cref="FailingBuildLog"/>; the error is on line 4.</summary>
    public static string CompileOutput(string project) =>
        $"==> {project}: Executing phase: 'compile'\n" + FailingBuildLog.Replace("\r\n", "\n") + "==> compile ERROR in 4.70 s\n";

    /// <summary>The log line (1-based) of the CS0103 error in <see cref="CompileOutput"/>.</summary>
    public const int ErrorLine = 4;

    public static async Task<SeededBuild> FailedBuildAsync(ServerUnderTest s, string? appName = null, string packageVersion = "13.0.3",
        string user = "alice", string? tag = null)
    {
        var unique = NewHash()[..8];
        appName ??= "Web.App." + unique;
        var libName = "Web.Lib." + unique;
        var packageName = "Web.Package." + unique;
        var (app, lib, package) = (NewHash(), NewHash(), NewHash());
        tag ??= "web-" + unique;
        var packageNode = Node(packageName, package);
        packageNode["version"] = packageVersion;
        packageNode["namespace"] = "nuget";
        var libNode = Node(libName, lib, (packageName, package));
        libNode["namespace"] = "dotnet";
        var appNode = Node(appName, app, (libName, lib), (packageName, package));
        appNode["namespace"] = "dotnet";
        appNode["parameters"] = new JsonObject { ["configuration"] = "Release", ["target_framework"] = "net10.0" };
        Expect(await s.PostAsync("/ms1/specs/new/", SpecBody("1.0.0", appNode, libNode, packageNode), user), 201);

        var build = await s.PostAsync("/ms1/builds/new/", BuildBody(app, tags: "ci," + tag), user);
        Expect(build, 201);
        var buildId = build.Json["data"]!["build"]!["build_id"]!.GetValue<long>();
        await PhaseAsync(s, buildId, "restore", "SUCCESS", $"==> {appName}: Executing phase: 'restore'\nRestored.\n==> restore SUCCESS in 0.84 s\n", user);
        var compile = await PhaseAsync(s, buildId, "compile", "ERROR", CompileOutput(appName), user);
        Expect(await s.PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = buildId, ["status"] = "FAILED" }, user), 200);

        var appSpec = await s.GetAsync($"/api/specs/{app}/");
        var packageSpec = await s.GetAsync($"/api/specs/{package}/");
        return new SeededBuild(appName, libName, packageName, app, lib, package, buildId, appSpec.Json["id"]!.GetValue<long>(),
            packageSpec.Json["id"]!.GetValue<long>(), compile, tag);
    }

    /// <summary>Posts a phase update as the client does; returns the phase id.</summary>
    public static async Task<long> PhaseAsync(ServerUnderTest s, long buildId, string name, string status, string? output, string user = "alice")
    {
        var reply = await s.PostAsync("/ms1/builds/phases/update/",
            new JsonObject { ["build_id"] = buildId, ["phase_name"] = name, ["status"] = status, ["output"] = output }, user);
        Expect(reply, 200);
        return reply.Json["data"]!["build_phase"]!["id"]!.GetValue<long>();
    }

    private static void Expect(Reply reply, int code) => Assert.AreEqual(code, reply.Code, reply.ToString());
}
