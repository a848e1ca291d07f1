using SpackMon.Analysis;

namespace SpackMon.Analysis.Tests;

[TestClass]
public sealed class LogAnalyzerTests
{
    private static string Log(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Logs", name));

    [TestMethod]
    public void FailingDotnetBuild_YieldsTheCompilerErrorAndWarning_EachOnceWithItsRepeat()
    {
        var found = LogAnalyzer.Analyze(Log("dotnet-build-fail.log"));

        Assert.HasCount(2, found);
        var error = found.Single(d => d.Kind == DiagnosticKind.Error);
        Assert.AreEqual("CS0103", error.Code);
        Assert.AreEqual("The name 'undefinedName' does not exist in the current context", error.Text);
        Assert.AreEqual("/tmp/logs/bad/Class1.cs", error.SourceFile);
        Assert.AreEqual(4, error.SourceLine);
        Assert.AreEqual(28, error.SourceColumn);
        Assert.AreEqual(3, error.LogLine);
        Assert.AreEqual(2, error.RepeatCount, "MSBuild prints each diagnostic again in its summary");
        CollectionAssert.AreEqual(new[] { "  Determining projects to restore...", "  All projects are up-to-date for restore." }, error.ContextBefore.ToArray());
        Assert.HasCount(LogAnalyzer.ContextLines, error.ContextAfter);

        var warning = found.Single(d => d.Kind == DiagnosticKind.Warning);
        Assert.AreEqual("CS0219", warning.Code);
        Assert.AreEqual(5, warning.SourceLine);
        Assert.AreEqual(4, warning.LogLine);
    }

    [TestMethod]
    public void GccFailure_YieldsErrorsWithLocationsAndTheWarningFlagAsCode()
    {
        var found = LogAnalyzer.Analyze(Log("gcc-fail.log"));

        var errors = found.Where(d => d.Kind == DiagnosticKind.Error).ToList();
        Assert.HasCount(2, errors);
        Assert.AreEqual("bad.c", errors[0].SourceFile);
        Assert.AreEqual(4, errors[0].SourceLine);
        Assert.AreEqual(18, errors[0].SourceColumn);
        StringAssert.Contains(errors[0].Text, "undeclared");
        Assert.AreEqual(5, errors[1].SourceLine);
        var warning = found.Single(d => d.Kind == DiagnosticKind.Warning);
        Assert.AreEqual("-Wunused-variable", warning.Code);
        Assert.AreEqual(3, warning.SourceLine);
        Assert.AreEqual("unused variable ‘unused’", warning.Text);
    }

    [TestMethod]
    public void NuGetRestoreFailure_YieldsTheNuGetCodeAndTheProjectFile()
    {
        var found = LogAnalyzer.Analyze(Log("nuget-restore-fail.log"));

        var error = found.Single();
        Assert.AreEqual("NU1101", error.Code);
        Assert.AreEqual("/tmp/logs/nu/nu.csproj", error.SourceFile);
        Assert.IsNull(error.SourceLine);
        StringAssert.StartsWith(error.Text, "Unable to find package Does.Not.Exist.Package.");
        Assert.AreEqual(2, error.RepeatCount);
    }

    [TestMethod]
    [DataRow("MSBUILD : error MSB1009: Project file does not exist.", "MSB1009", null)]
    [DataRow("CSC : error CS5001: Program does not contain a static 'Main' method", "CS5001", null)]
    [DataRow("error CS0246: The type or namespace name 'Foo' could not be found", "CS0246", null)]
    [DataRow("C:\\src\\App\\Program.cs(12,9,12,20): error CS1002: ; expected [C:\\src\\App\\App.csproj]", "CS1002", "C:\\src\\App\\Program.cs")]
    public void MsBuildCanonicalForms(string line, string code, string? file)
    {
        var d = LogAnalyzer.Analyze("start\n" + line + "\nend").Single();
        Assert.AreEqual(DiagnosticKind.Error, d.Kind);
        Assert.AreEqual(code, d.Code);
        Assert.AreEqual(file, d.SourceFile);
        Assert.AreEqual(2, d.LogLine);
    }

    [TestMethod]
    public void CMakeAndGenericForms()
    {
        var log = string.Join('\n',
            "-- Configuring incomplete, errors occurred!",
            "CMake Error at CMakeLists.txt:12 (find_package):",
            "  Could not find a package configuration file provided by \"Foo\"",
            "CMake Warning (dev) at src/CMakeLists.txt:3 (project):",
            "/usr/bin/ld: main.o: undefined reference to `foo'",
            "make[2]: *** [Makefile:10: all] Error 2",
            "The following tests FAILED:",
            "WARNING: the cache is stale",
            "compiling with -Werror and -Wno-error=unused",
            "0 Error(s)");

        var found = LogAnalyzer.Analyze(log);

        var cmake = found[0];
        Assert.AreEqual(DiagnosticKind.Error, cmake.Kind);
        Assert.AreEqual("CMakeLists.txt", cmake.SourceFile);
        Assert.AreEqual(12, cmake.SourceLine);
        Assert.AreEqual("  Could not find a package configuration file provided by \"Foo\"", cmake.ContextAfter[0]);
        Assert.AreEqual(DiagnosticKind.Warning, found[1].Kind);
        Assert.AreEqual("src/CMakeLists.txt", found[1].SourceFile);
        CollectionAssert.AreEqual(
            new[] { 2, 4, 5, 6, 7, 8 },
            found.Select(d => d.LogLine).ToArray(),
            "the -Werror flag line, 'errors occurred' prose and the MSBuild summary are not diagnostics");
        Assert.AreEqual(DiagnosticKind.Warning, found[5].Kind);
    }

    [TestMethod]
    public void CleanLogAndEmptyInput_YieldNothing()
    {
        Assert.IsEmpty(LogAnalyzer.Analyze(null));
        Assert.IsEmpty(LogAnalyzer.Analyze(""));
        Assert.IsEmpty(LogAnalyzer.Analyze("  Restored /x/y.csproj (in 10 ms).\n  y -> /x/bin/y.dll\nBuild succeeded.\n    0 Warning(s)\n    0 Error(s)\n"));
    }

    [TestMethod]
    public void CarriageReturnsAreNotPartOfTheText()
    {
        var d = LogAnalyzer.Analyze("a\r\nFoo.cs(1,2): warning CS0168: The variable 'e' is declared but never used\r\nb\r\n").Single();
        Assert.AreEqual("The variable 'e' is declared but never used", d.Text);
        Assert.AreEqual("b", d.ContextAfter[0]);
    }

    [TestMethod]
    public void FiftyMegabyteLine_IsScannedOnceAndItsTextIsCut()
    {
        var huge = new string('x', 50 * 1024 * 1024);
        var log = "before\n" + huge + " error: at the very end\nFoo.cs(3,4): error CS1001: Identifier expected\n" + huge + "\nafter";

        var found = LogAnalyzer.Analyze(log);

        Assert.HasCount(2, found);
        Assert.AreEqual(2, found[0].LogLine);
        Assert.IsLessThanOrEqualTo(LogAnalyzer.MaxTextChars + 1, found[0].Text.Length);
        Assert.AreEqual("CS1001", found[1].Code);
        Assert.AreEqual(3, found[1].LogLine);
        Assert.IsTrue(found[1].ContextBefore.All(l => l.Length <= LogAnalyzer.MaxTextChars + 1));
    }

    [TestMethod]
    public void DeeplyNestedBracketsAndRepeatedTriggers_DoNotBlowUp()
    {
        var nested = new string('(', 1_000_000) + "error" + new string(')', 1_000_000);
        var triggers = string.Concat(Enumerable.Repeat("error warning ", 200_000));
        var origin = new string('(', 200_000) + "1,2): error CS1: x";

        var found = LogAnalyzer.Analyze(nested + "\n" + triggers + "\n" + origin);

        Assert.IsLessThanOrEqualTo(3, found.Count);
        Assert.AreEqual("CS1", found.Single(d => d.Code is not null).Code);
    }

    [TestMethod]
    public void ManyDistinctDiagnostics_AreCappedAndEqualOnesCounted()
    {
        var lines = Enumerable.Range(0, LogAnalyzer.MaxDiagnostics + 100).Select(i => $"f.cs({i + 1},1): warning CS0168: v{i}");
        var found = LogAnalyzer.Analyze(string.Join('\n', lines) + "\nf.cs(1,1): warning CS0168: v0");
        Assert.HasCount(LogAnalyzer.MaxDiagnostics, found);
        Assert.AreEqual(2, found[0].RepeatCount);
    }
}
