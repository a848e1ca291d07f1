using System.Security;

namespace SpackMon.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A small solution written into the run's temp folder, outside the repository (so it inherits none of the
/// repository's props), consuming SpackMon.Build from the run's feed as a user's solution would.
/// </summary>
public sealed class TempSolution
{
    /// <summary>The package every generated solution restores besides SpackMon.Build.</summary>
    public const string NewtonsoftVersion = "13.0.3";

    /// <summary>The version the generated application project declares.</summary>
    public const string AppVersion = "2.3.4";

    private readonly List<string> _projects = new();

    private TempSolution(string root, string prefix)
    {
        Root = root;
        Prefix = prefix;
        Write("NuGet.config", NuGetConfig(SuiteRun.Feed));
        Write("Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SpackMon.Build" Version="{SuiteRun.PackageVersion}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
    }

    /// <summary>The solution's folder.</summary>
    public string Root { get; }

    /// <summary>The first part of every project name, unique per test so that builds in a shared server tell tests apart.</summary>
    public string Prefix { get; }

    /// <summary>The library project's name.</summary>
    public string Lib => Prefix + ".Lib";

    /// <summary>The application project's name.</summary>
    public string App => Prefix + ".App";

    /// <summary>The test project's name (only after <see cref="AddTestProject"/>).</summary>
    public string Tests => Prefix + ".Tests";

    /// <summary>The .slnx file listing every project.</summary>
    public string SolutionFile => Path.Combine(Root, Prefix + ".slnx");

    /// <summary>
    /// <c>{prefix}.Lib</c> (a class library) and <c>{prefix}.App</c> (a console app, version <see cref="AppVersion"/>,
    /// referencing the library and Newtonsoft.Json), in a new folder of the run (or in <paramref name="folder"/>).
    /// </summary>
    public static TempSolution LibraryAndApp(string prefix, string? folder = null)
    {
        var solution = new TempSolution(folder ?? SuiteRun.NewFolder(prefix), prefix);
        solution.AddProject(solution.Lib, "", "");
        solution.Write($"{solution.Lib}/Greeter.cs", $$"""
            namespace {{solution.Lib}};

            public static class Greeter
            {
                public static string Greet(string name) => $"Hello, {name}!";
            }
            """);
        solution.AddProject(solution.App,
            $"<OutputType>Exe</OutputType><Version>{AppVersion}</Version>",
            $"""
            <ProjectReference Include="../{solution.Lib}/{solution.Lib}.csproj" />
            <PackageReference Include="Newtonsoft.Json" Version="{NewtonsoftVersion}" />
            """);
        solution.Write($"{solution.App}/Program.cs", $$"""
            Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject({{solution.Lib}}.Greeter.Greet("world")));
            """);
        return solution;
    }

    /// <summary>Adds <c>{prefix}.Tests</c>, an MSTest project testing the library.</summary>
    public TempSolution AddTestProject()
    {
        AddProject(Tests, "<IsPackable>false</IsPackable>",
            $"""
            <ProjectReference Include="../{Lib}/{Lib}.csproj" />
            <PackageReference Include="MSTest" Version="4.5.3" />
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.12.0" />
            """);
        Write($"{Tests}/GreeterTests.cs", $$"""
            namespace {{Tests}};

            [TestClass]
            public sealed class GreeterTests
            {
                [TestMethod]
                public void GreetsByName() => Assert.AreEqual("Hello, Ada!", {{Lib}}.Greeter.Greet("Ada"));
            }
            """);
        return this;
    }

    /// <summary>Adds a file to the library that fails to compile with error CS0029 (its line 5), so that the app cannot build.</summary>
    public TempSolution BreakLibrary()
    {
        Write($"{Lib}/Broken.cs", $$"""
            namespace {{Lib}};

            public static class Broken
            {
                public static int Value() => "not a number";
            }
            """);
        return this;
    }

    /// <summary>The folder of project <paramref name="name"/>.</summary>
    public string ProjectDirectory(string name) => Path.Combine(Root, name);

    /// <summary>The project file of project <paramref name="name"/>.</summary>
    public string ProjectFile(string name) => Path.Combine(Root, name, name + ".csproj");

    /// <summary>Writes <paramref name="text"/> to <paramref name="relativePath"/> under <see cref="Root"/>.</summary>
    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>A NuGet.config with only the run's feed (for SpackMon.Build) and nuget.org (for everything else).</summary>
    public static string NuGetConfig(string feed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="spackmon-e2e" value="{SecurityElement.Escape(feed)}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="spackmon-e2e">
              <package pattern="SpackMon.Build" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """;

    private void AddProject(string name, string properties, string items)
    {
        Write($"{name}/{name}.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>{properties}</PropertyGroup>
              <ItemGroup>
            {items}
              </ItemGroup>
            </Project>
            """);
        _projects.Add(name);
        Write(Prefix + ".slnx",
            "<Solution>\n" + string.Concat(_projects.Select(p => $"  <Project Path=\"{p}/{p}.csproj\" />\n")) + "</Solution>\n");
    }
}
