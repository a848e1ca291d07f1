using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SpackMon.Server.Tests.Support;

/// <summary>An answer: status, text, headers, and the text as JSON.</summary>
public sealed record Reply(HttpStatusCode Status, string Text, HttpResponseHeaders Headers, string? ContentType)
{
    public int Code => (int)Status;

    public JsonNode Json => JsonNode.Parse(Text) ?? throw new AssertFailedException("The answer is JSON null: " + Text);

    public override string ToString() => $"{Code} {Text[..Math.Min(Text.Length, 600)]}";
}

/// <summary>A real server on a loopback port with a real HttpClient and some users.</summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly Dictionary<string, string> _jwts = new();

    private ServerUnderTest(MonitorServer server)
    {
        Server = server;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
    }

    public MonitorServer Server { get; }

    public HttpClient Http { get; }

    /// <summary>API tokens of the users created at start, by name.</summary>
    public Dictionary<string, string> ApiTokens { get; } = new();

    /// <summary>Starts a server on a fresh database of <paramref name="databases"/> with the given users.</summary>
    public static async Task<ServerUnderTest> StartAsync(TestDatabases databases, Action<ServerOptions>? configure = null, params string[] users)
    {
        var options = await databases.CreateAsync();
        configure?.Invoke(options);
        return await StartAsync(options, users);
    }

    public static async Task<ServerUnderTest> StartAsync(ServerOptions options, params string[] users)
    {
        var server = new ServerUnderTest(await MonitorServer.StartAsync(options));
        foreach (var user in users)
            server.ApiTokens[user] = await server.Server.AddUserAsync(user);
        return server;
    }

    public static string Basic(string user, string token) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + token));

    /// <summary>A JWT for <paramref name="user"/> from the token endpoint (cached).</summary>
    public async Task<string> JwtAsync(string user)
    {
        if (_jwts.TryGetValue(user, out var cached))
            return cached;
        var reply = await SendAsync(HttpMethod.Get, "/auth/token/", null, Basic(user, ApiTokens[user]));
        Assert.AreEqual(200, reply.Code, reply.ToString());
        return _jwts[user] = reply.Json["token"]!.GetValue<string>();
    }

    /// <summary>POSTs a JSON body as <paramref name="user"/> (a Bearer JWT), or without credentials for null.</summary>
    public async Task<Reply> PostAsync(string path, string body, string? user = "alice", string contentType = "application/json") =>
        await SendAsync(HttpMethod.Post, path, body, user is null ? null : "Bearer " + await JwtAsync(user), contentType);

    public Task<Reply> PostAsync(string path, JsonNode body, string? user = "alice") => PostAsync(path, body.ToJsonString(), user);

    public Task<Reply> GetAsync(string path, string? authorization = null) => SendAsync(HttpMethod.Get, path, null, authorization);

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? body, string? authorization, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType));
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await Http.SendAsync(request);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers,
            response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Sends raw bytes (which need not be valid UTF-8) with the given authorization header.</summary>
    public async Task<Reply> SendBytesAsync(HttpMethod method, string path, byte[]? body, string? authorization, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await Http.SendAsync(request);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers,
            response.Content.Headers.ContentType?.MediaType);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
