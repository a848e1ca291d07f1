namespace SpackMon.EndToEnd.Tests.Infrastructure;

/// <summary>Assertions on a finished build and on what it left on disk.</summary>
public static class BuildAssert
{
    /// <summary>The command exited 0.</summary>
    public static void Succeeded(ProcessResult result) =>
        Assert.AreEqual(0, result.ExitCode, $"Expected success. {result.Describe()}");

    /// <summary>The command exited non-zero.</summary>
    public static void Failed(ProcessResult result) =>
        Assert.AreNotEqual(0, result.ExitCode, $"Expected a failure. {result.Describe()}");

    /// <summary>The output holds <paramref name="text"/>.</summary>
    public static void OutputContains(ProcessResult result, string text) =>
        Assert.IsTrue(result.Output.Contains(text, StringComparison.Ordinal), $"Expected the output to hold \"{text}\". {result.Describe()}");

    /// <summary>No assembly was compiled: no .dll anywhere under the project's bin/ or obj/.</summary>
    public static void NothingCompiled(string projectDirectory, ProcessResult result)
    {
        var assemblies = new[] { "bin", "obj" }
            .Select(folder => Path.Combine(projectDirectory, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.GetFiles(folder, "*.dll", SearchOption.AllDirectories))
            .ToList();
        Assert.IsEmpty(assemblies, $"Expected no assembly compiled, found: {string.Join(", ", assemblies)}. {result.Describe()}");
    }
}
