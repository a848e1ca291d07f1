using SpackMon.Build.Model;
using SpackMon.Build.Tests.Support;

namespace SpackMon.Build.Tests;

[TestClass]
public sealed class ReaderTests
{
    [TestMethod]
    public void Assets_logs_keep_errors_and_warnings_with_codes()
    {
        using var folder = new TempFolder();
        var logs = AssetsFile.Read(folder.Write("project.assets.json", ProjectSpecBuilderTests.Assets)).Logs();
        Assert.AreEqual(2, logs.Count, "information entries are left out");
        Assert.AreEqual("warning NU1603: Flurl.Http 4.0.1 was not found; 4.0.2 was resolved.", logs[0].ToString());
        Assert.IsTrue(logs[1].IsError);
        Assert.AreEqual("App.csproj: error NU1102: Unable to find package Nope with version (>= 9.0.0)", logs[1].ToString());
    }

    [TestMethod]
    public void Assets_packages_of_a_runtime_identifier_come_from_its_own_target()
    {
        using var folder = new TempFolder();
        var assets = AssetsFile.Read(folder.Write("project.assets.json", ProjectSpecBuilderTests.Assets));
        CollectionAssert.AreEqual(new[] { "Flurl" }, assets.Packages("net10.0", "linux-x64").Select(p => p.Id).ToArray());
        Assert.AreEqual(3, assets.Packages("net10.0", "").Count);
    }

    [TestMethod]
    public void A_file_that_is_not_an_assets_file_is_named_in_the_error()
    {
        using var folder = new TempFolder();
        var path = folder.Write("project.assets.json", "{ not json");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => AssetsFile.Read(path));
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void Sarif_2_1_gives_errors_and_warnings_with_relative_locations_and_leaves_out_notes_and_suppressed()
    {
        using var folder = new TempFolder();
        var source = new Uri(Path.Combine(folder.Path, "src", "Greeter.cs")).AbsoluteUri;
        var sarif = folder.Write("obj/App.sarif", $$"""
        {
          "$schema": "http://json.schemastore.org/sarif-2.1.0", "version": "2.1.0",
          "runs": [{
            "results": [
              { "ruleId": "CS0103", "level": "error", "message": { "text": "The name 'nme' does not exist in the current context" },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "{{source}}" }, "region": { "startLine": 2, "startColumn": 107, "endLine": 2, "endColumn": 110 } } }] },
              { "ruleId": "CS0219", "level": "warning", "message": { "text": "The variable 'unused' is assigned but its value is never used" },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "{{source}}" }, "region": { "startLine": 2, "startColumn": 77 } } }] },
              { "ruleId": "IDE0005", "level": "note", "message": { "text": "Using directive is unnecessary." } },
              { "ruleId": "CS0168", "level": "warning", "message": { "text": "suppressed" }, "suppressions": [{ "kind": "inSource" }] }
            ],
            "rules": [{ "id": "CS0103" }]
          }]
        }
        """);
        var diagnostics = SarifLog.Read(sarif, folder.Path);
        Assert.AreEqual(2, diagnostics.Count);
        Assert.AreEqual("src/Greeter.cs(2,107): error CS0103: The name 'nme' does not exist in the current context", diagnostics[0].ToString());
        Assert.AreEqual("src/Greeter.cs(2,77): warning CS0219: The variable 'unused' is assigned but its value is never used", diagnostics[1].ToString());
    }

    [TestMethod]
    public void Sarif_1_0_layout_is_read_too()
    {
        using var folder = new TempFolder();
        var sarif = folder.Write("a.sarif", """
        { "version": "1.0.0", "runs": [{ "results": [
          { "ruleId": "CS1002", "level": "error", "message": "; expected",
            "locations": [{ "resultFile": { "uri": "file:///elsewhere/B.cs", "region": { "startLine": 5, "startColumn": 3 } } }] } ] }] }
        """);
        var d = SarifLog.Read(sarif, folder.Path).Single();
        Assert.AreEqual("/elsewhere/B.cs(5,3): error CS1002: ; expected", d.ToString());
    }

    [TestMethod]
    public void A_broken_sarif_file_is_named_in_the_error()
    {
        using var folder = new TempFolder();
        var sarif = folder.Write("a.sarif", "{\"runs\": 3");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SarifLog.Read(sarif, folder.Path)).Message, sarif);
    }
}
