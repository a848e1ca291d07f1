using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SpackMon.Server;

namespace SpackMon.Build.Tests.Support;

/// <summary>The real server on a loopback port with a fresh SQLite file.</summary>
public sealed class ServerFixture : IAsyncDisposable
{
    private readonly TempFolder _folder;

    private ServerFixture(TempFolder folder, MonitorServer server, string user, string token)
    {
        _folder = folder;
        Server = server;
        User = user;
        Token = token;
    }

    public MonitorServer Server { get; }
    public string User { get; }
    public string Token { get; }
    public string Host => Server.BaseAddress.ToString().TrimEnd('/');

    public static async Task<ServerFixture> StartAsync(Action<ServerOptions>? configure = null)
    {
        var folder = new TempFolder();
        var options = new ServerOptions { Urls = "http://127.0.0.1:0", SqlitePath = System.IO.Path.Combine(folder.Path, "spackmon.db") };
        configure?.Invoke(options);
        var server = await MonitorServer.StartAsync(options);
        var token = options.DisableAuth ? "" : await server.AddUserAsync("tester");
        return new ServerFixture(folder, server, "tester", token);
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(Server.BaseAddress, path));
        return (JsonObject)JsonNode.Parse(text)!;
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
