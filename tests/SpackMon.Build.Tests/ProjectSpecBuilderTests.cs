using SpackMon.Build.Model;
using SpackMon.Build.Tests.Support;
using SpackMon.Protocol;

namespace SpackMon.Build.Tests;

[TestClass]
public sealed class ProjectSpecBuilderTests
{
    internal const string Assets = """
    {
      "version": 3,
      "targets": {
        "net10.0": {
          "Flurl.Http/4.0.2": { "type": "package", "dependencies": { "Flurl": "4.0.0" } },
          "Flurl/4.0.0": { "type": "package" },
          "SpackMon.Build/0.1.0": { "type": "package" },
          "Lib/1.0.0": { "type": "project", "dependencies": { "Flurl": "4.0.0" } }
        },
        "net10.0/linux-x64": {
          "Flurl/4.0.0": { "type": "package" }
        }
      },
      "libraries": {
        "Flurl/4.0.0": { "sha512": "flurl-sha", "type": "package" },
        "Flurl.Http/4.0.2": { "sha512": "flurlhttp-sha", "type": "package" },
        "SpackMon.Build/0.1.0": { "sha512": "spackmon-sha", "type": "package" }
      },
      "project": {
        "version": "1.0.0",
        "frameworks": {
          "net10.0": {
            "targetAlias": "net10.0",
            "dependencies": {
              "Flurl.Http": { "target": "Package", "version": "[4.0.2, )" },
              "SpackMon.Build": { "target": "Package", "version": "[0.1.0, )", "suppressParent": "All" }
            }
          }
        }
      },
      "logs": [
        { "code": "NU1603", "level": "Warning", "message": "Flurl.Http 4.0.1 was not found; 4.0.2 was resolved.", "libraryId": "Flurl.Http" },
        { "code": "NU1102", "level": "Error", "message": "Unable to find package Nope with version (>= 9.0.0)", "filePath": "/somewhere/App.csproj" },
        { "code": "NU1900", "level": "Information", "message": "left out" }
      ]
    }
    """;

    [TestMethod]
    public void Same_project_in_two_folders_with_other_newlines_has_the_same_full_hash()
    {
        using var one = new TempFolder();
        using var two = new TempFolder();
        var a = Build(Project(one, "class A {}\nclass B {}\n"));
        var b = Build(Project(two, "class A {}\r\nclass B {}\r\n"));
        Assert.AreEqual(a[0].FullHash, b[0].FullHash);
        Assert.AreEqual(a[0].PackageHash, b[0].PackageHash);
    }

    [TestMethod]
    public void A_changed_source_file_property_or_package_version_changes_the_full_hash()
    {
        using var folder = new TempFolder();
        var input = Project(folder, "class A {}");
        var original = Build(input)[0].FullHash;

        File.WriteAllText(Path.Combine(folder.Path, "A.cs"), "class A { int x; }");
        var changedSource = Build(input)[0].FullHash;
        File.WriteAllText(Path.Combine(folder.Path, "A.cs"), "class A {}");
        Assert.AreEqual(original, Build(input)[0].FullHash, "restoring the source restores the hash");

        input.Parameters = new Dictionary<string, string> { ["Configuration"] = "Release", ["TargetFramework"] = "net10.0" };
        var changedProperty = Build(input)[0].FullHash;
        input.Parameters = new Dictionary<string, string> { ["Configuration"] = "Debug", ["TargetFramework"] = "net10.0" };

        File.WriteAllText(Path.Combine(folder.Path, "project.assets.json"), Assets.Replace("Flurl/4.0.0", "Flurl/4.0.1"));
        input.Assets = AssetsFile.Read(Path.Combine(folder.Path, "project.assets.json"));
        var changedPackage = Build(input)[0].FullHash;

        CollectionAssert.AllItemsAreUnique(new[] { original, changedSource, changedProperty, changedPackage });
    }

    [TestMethod]
    public void Packages_become_typed_dependency_nodes_with_their_own_dependencies()
    {
        using var folder = new TempFolder();
        var nodes = Build(Project(folder, "class A {}"));
        var root = nodes[0];
        Assert.AreEqual("App", root.Name);
        Assert.AreEqual("dotnet", root.Namespace);
        CollectionAssert.AreEqual(new[] { "Flurl.Http", "SpackMon.Build" }, root.Dependencies.Select(d => d.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "build", "link" }, root.Dependencies[0].Type);
        CollectionAssert.AreEqual(new[] { "build" }, root.Dependencies[1].Type, "PrivateAssets=all is a build dependency");

        var http = nodes.Single(n => n.Name == "Flurl.Http");
        var flurl = nodes.Single(n => n.Name == "Flurl");
        Assert.AreEqual("4.0.2", http.Version);
        Assert.AreEqual("nuget", http.Namespace);
        Assert.AreEqual("flurlhttp-sha", (string?)http.Parameters!["sha512"]);
        foreach (var package in nodes.Skip(1))
        {
            // spack sends arch, compiler and package_hash on every node; the reference server reads them on each.
            Assert.AreEqual("portable", package.Arch?.PlatformOs, package.Name);
            Assert.AreEqual("nuget", package.Compiler?.Name, package.Name);
            Assert.AreEqual(32, package.PackageHash?.Length, package.Name);
        }
        Assert.AreNotEqual(http.PackageHash, flurl.PackageHash, "the package hash comes from the package's content");
        Assert.AreEqual(flurl.FullHash, http.Dependencies.Single().FullHash);
        Assert.IsFalse(nodes.Any(n => n.Name == "Lib"), "project entries of the assets file are not packages");
        CollectionAssert.AllItemsAreUnique(nodes.Select(n => n.FullHash).ToList());
    }

    [TestMethod]
    public void A_project_reference_is_a_dependency_and_its_nodes_join_the_spec()
    {
        using var folder = new TempFolder();
        var lib = Build(Project(folder, "class L {}", name: "Lib"));
        var app = Project(folder, "class A {}");
        app.References = new[] { (IReadOnlyList<SpecNode>)lib };
        var nodes = Build(app);

        Assert.AreEqual(lib[0].FullHash, nodes[0].Dependencies.Single(d => d.Name == "Lib").FullHash);
        Assert.IsTrue(lib.All(l => nodes.Any(n => n.FullHash == l.FullHash)));
        Assert.AreEqual(nodes.Count, nodes.Select(n => n.FullHash).Distinct().Count(), "shared packages appear once");
    }

    [TestMethod]
    public void Files_enter_the_hash_by_paths_relative_to_the_project_also_when_linked_from_outside()
    {
        Assert.AreEqual("src/A.cs", ProjectSpecBuilder.HashPath("/repo/App", "/repo/App/src/A.cs"));
        Assert.AreEqual("../Shared/B.cs", ProjectSpecBuilder.HashPath("/repo/App", "/repo/Shared/B.cs"));
        Assert.AreEqual("../My Dir/C.cs", ProjectSpecBuilder.HashPath("/repo/App/", "/repo/My Dir/C.cs"));
    }

    [TestMethod]
    public void Arch_comes_from_the_runtime_identifier_and_platform_target()
    {
        var portable = ProjectSpecBuilder.Arch("", "");
        Assert.AreEqual("any", portable.Platform);
        Assert.AreEqual("portable", portable.PlatformOs);
        Assert.AreEqual("anycpu", portable.TargetName);

        var linux = ProjectSpecBuilder.Arch("linux-x64", "");
        Assert.AreEqual("linux", linux.Platform);
        Assert.AreEqual("linux-x64", linux.PlatformOs);
        Assert.AreEqual("x64", linux.TargetName);
    }

    [TestMethod]
    public void Spec_written_in_the_v2_layout_reads_back_with_the_same_hashes()
    {
        using var folder = new TempFolder();
        var nodes = Build(Project(folder, "class A {}"));
        var json = SpecLayout.WriteV2(nodes).ToJsonString();
        StringAssert.Contains(json, "\"_meta\":{\"version\":2}");
        var back = SpecLayout.ReadNodes(System.Text.Json.Nodes.JsonNode.Parse(json));
        CollectionAssert.AreEqual(nodes.Select(n => n.FullHash).ToList(), back.Select(n => n.FullHash).ToList());
        Assert.IsFalse(json.Contains("target_name"), "computed properties are not sent");
    }

    private static List<SpecNode> Build(ProjectSpecInput input) => ProjectSpecBuilder.Build(input);

    private static ProjectSpecInput Project(TempFolder folder, string source, string name = "App")
    {
        var projectFile = folder.Write(name + "/" + name + ".csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        folder.Write(name + "/" + "A.cs", source);
        File.WriteAllText(Path.Combine(folder.Path, "A.cs"), source);
        var assets = folder.Write("project.assets.json", Assets);
        return new ProjectSpecInput
        {
            Name = name,
            Version = "1.0.0",
            ProjectFile = projectFile,
            SourceFiles = new[] { "A.cs", "../A.cs" },
            Parameters = new Dictionary<string, string> { ["Configuration"] = "Debug", ["TargetFramework"] = "net10.0", ["Empty"] = "" },
            Compiler = new SpecCompiler { Name = "roslyn", Version = "10.0.401" },
            Arch = ProjectSpecBuilder.Arch("", ""),
            Assets = AssetsFile.Read(assets),
            TargetFramework = "net10.0",
        };
    }
}
