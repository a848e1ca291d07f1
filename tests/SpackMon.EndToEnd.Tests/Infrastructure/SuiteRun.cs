using System.Text.RegularExpressions;

namespace SpackMon.EndToEnd.Tests.Infrastructure;

/// <summary>
/// State of one run of the suite: a temp folder outside the repository, the SpackMon.Build package packed once into
/// a feed there, and a NuGet packages folder of this run only, so that a repacked package of the same version is
/// never served from a stale cache.
/// </summary>
[TestClass]
public sealed class SuiteRun
{
    private static string? _directory;

    /// <summary>The repository: the folder above the test assembly that holds SpackMon.Build.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The run's temp folder.</summary>
    public static string Directory => _directory ?? throw new InvalidOperationException("The test run has not started.");

    /// <summary>The local feed holding the freshly packed SpackMon.Build package.</summary>
    public static string Feed => Path.Combine(Directory, "feed");

    /// <summary>NUGET_PACKAGES of every build in this run.</summary>
    public static string PackagesFolder => Path.Combine(Directory, "packages");

    /// <summary>The version of the packed package.</summary>
    public static string PackageVersion { get; private set; } = "";

    /// <summary>Packs the package into the run's feed.</summary>
    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _directory = Path.Combine(Path.GetTempPath(), "spackmon-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Feed);
        System.IO.Directory.CreateDirectory(PackagesFolder);

        var project = Path.Combine(RepositoryRoot, "src", "SpackMon.Build");
        // Packed from outside the repository: the package's layout must not depend on where pack is run
        // (it once did: from another folder the MSBuild files landed under "build//" and pack failed with NU5129).
        var pack = await DotnetAsync(Directory, ChildEnvironment.Create(),
            "pack", project, "-c", "Release", "-o", Feed, "-nodeReuse:false", "-tl:off");
        Assert.AreEqual(0, pack.ExitCode, $"Packing SpackMon.Build failed. {pack.Describe()}");

        var packages = System.IO.Directory.GetFiles(Feed, "SpackMon.Build.*.nupkg");
        Assert.HasCount(1, packages, $"Expected one SpackMon.Build package in {Feed}. {pack.Describe()}");
        PackageVersion = Regex.Match(Path.GetFileName(packages[0]), @"^SpackMon\.Build\.(.+)\.nupkg$").Groups[1].Value;
    }

    /// <summary>Stops compiler servers our builds started (they would keep files open) and removes the run's folder.</summary>
    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        await DotnetAsync(RepositoryRoot, ChildEnvironment.Create(), "build-server", "shutdown");
        if (_directory is not null && Environment.GetEnvironmentVariable("SPACKMON_E2E_KEEP") != "1")
        {
            try
            {
                System.IO.Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by an exiting process: the OS temp cleaner takes the rest.
            }
        }
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>.</summary>
    public static Task<ProcessResult> DotnetAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        ChildProcess.RunAsync("dotnet", arguments, workingDirectory, environment);

    /// <summary>A new empty folder in the run's temp folder.</summary>
    public static string NewFolder(string name)
    {
        var path = Path.Combine(Directory, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// The <c>spackmon</c> CLI as the server project built it, in the configuration of this test assembly
    /// (bin/&lt;configuration&gt;/&lt;tfm&gt;/).
    /// </summary>
    public static string SpackmonCli
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            return Path.Combine(RepositoryRoot, "src", "SpackMon.Server", "bin", configuration, testBin.Name, "spackmon.dll");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "SpackMon.Build.sln")))
                return folder.FullName;
        throw new InvalidOperationException($"No SpackMon.Build.sln above {AppContext.BaseDirectory}.");
    }
}
