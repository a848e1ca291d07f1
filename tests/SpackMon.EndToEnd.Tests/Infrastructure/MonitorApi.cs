using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpackMon.EndToEnd.Tests.Infrastructure;

/// <summary>A build as the server's read API shows it (<c>GET /api/builds/</c>).</summary>
public sealed record BuildView(
    long Id,
    string Status,
    string? Owner,
    IReadOnlyList<string> Tags,
    SpecRef Spec,
    JsonObject? BuildEnvironment,
    IReadOnlyList<PhaseView> Phases,
    JsonNode? AddDate,
    JsonNode? ModifyDate)
{
    /// <summary>The phase named <paramref name="name"/>, or null.</summary>
    public PhaseView? Phase(string name) => Phases.FirstOrDefault(p => p.Name == name);

    /// <summary>"name:STATUS" of every phase, for messages.</summary>
    public string PhaseSummary => string.Join(' ', Phases.Select(p => $"{p.Name}:{p.Status}"));

    /// <inheritdoc />
    public override string ToString() => $"#{Id} {Spec.Name}@{Spec.Version} {Status} [{string.Join(',', Tags)}] {PhaseSummary}";
}

/// <summary>The spec of a build, in the read API.</summary>
public sealed record SpecRef(long Id, string Name, string Version, string FullHash, string? SpackVersion);

/// <summary>A phase of a build, in the read API.</summary>
public sealed record PhaseView(long Id, string Name, string Status, string? Output);

/// <summary>A spec as <c>GET /api/specs/&lt;full_hash&gt;/</c> shows it.</summary>
public sealed record SpecView(
    long Id,
    string Name,
    string Version,
    string FullHash,
    string? SpackVersion,
    JsonObject? Parameters,
    JsonNode? Arch,
    JsonNode? Compiler,
    IReadOnlyList<DependencyView> Dependencies);

/// <summary>A dependency edge of a spec.</summary>
public sealed record DependencyView(string Name, string FullHash, IReadOnlyList<string> Type);

/// <summary>Client of the server's unauthenticated read API, for assertions.</summary>
public sealed class MonitorApi : IDisposable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
    };

    private readonly HttpClient _http;

    /// <summary>A client of the server at <paramref name="baseAddress"/> (its root, not its ms1 prefix).</summary>
    public MonitorApi(Uri baseAddress) => _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Every build, newest first, following the <c>next</c> links.</summary>
    public async Task<IReadOnlyList<BuildView>> BuildsAsync()
    {
        var builds = new List<BuildView>();
        string? next = "/api/builds/?page=1&page_size=100";
        while (next is not null)
        {
            var page = await GetAsync<JsonObject>(next);
            builds.AddRange(page["results"].Deserialize<List<BuildView>>(Json)!);
            next = page["next"]?.GetValue<string>();
        }
        return builds;
    }

    /// <summary>Every build of a project whose name starts with <paramref name="prefix"/> + ".".</summary>
    public async Task<IReadOnlyList<BuildView>> BuildsOfAsync(string prefix) =>
        (await BuildsAsync()).Where(b => b.Spec.Name.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList();

    /// <summary>The one build of project <paramref name="name"/>; fails when there is none or more than one.</summary>
    public async Task<BuildView> SingleBuildAsync(string name)
    {
        var all = await BuildsAsync();
        var matching = all.Where(b => b.Spec.Name == name).ToList();
        Assert.HasCount(1, matching, $"Expected one build of {name}; the server has: {string.Join("; ", all)}");
        return matching[0];
    }

    /// <summary>The spec with <paramref name="fullHash"/>.</summary>
    public Task<SpecView> SpecAsync(string fullHash) => GetAsync<SpecView>($"/api/specs/{fullHash}/");

    private async Task<T> GetAsync<T>(string path)
    {
        using var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.IsTrue(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new AssertFailedException($"GET {path} answered null.");
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
