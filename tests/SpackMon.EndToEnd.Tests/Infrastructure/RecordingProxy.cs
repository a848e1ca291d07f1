using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SpackMon.EndToEnd.Tests.Infrastructure;

/// <summary>One request that passed through the <see cref="RecordingProxy"/>, with the status it got (0: refused).</summary>
public sealed record RecordedRequest(string Method, string Path, string Body, int Status);

/// <summary>
/// A forwarding proxy on a loopback port in front of the real server. The server cannot show what a client sent, so
/// tests read it here: request paths and raw bodies. It can also play a monitor outage: requests it is told to refuse
/// get their connection dropped without an answer.
/// </summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forward;
    private readonly List<RecordedRequest> _requests = new();

    private RecordingProxy(WebApplication app, HttpClient forward)
    {
        _app = app;
        _forward = forward;
    }

    /// <summary>The proxy's address, e.g. http://127.0.0.1:40123.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>When set and true for a request, its connection is dropped without an answer.</summary>
    public Func<RecordedRequest, bool>? Refuse { get; set; }

    /// <summary>What passed through so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
                return _requests.ToList();
        }
    }

    /// <summary>Forgets what was recorded and stops refusing.</summary>
    public void Reset()
    {
        lock (_requests)
            _requests.Clear();
        Refuse = null;
    }

    /// <summary>Starts a proxy to <paramref name="target"/> on a free loopback port.</summary>
    public static async Task<RecordingProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var forward = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        var proxy = new RecordingProxy(app, forward);
        app.Run(context => proxy.ForwardAsync(context, target));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        proxy.Address = new Uri(address);
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context, Uri target)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var pathAndQuery = request.Path + request.QueryString;
        var recorded = new RecordedRequest(request.Method, pathAndQuery, System.Text.Encoding.UTF8.GetString(body.ToArray()), 0);

        if (Refuse?.Invoke(recorded) == true)
        {
            Record(recorded);
            context.Abort();
            return;
        }

        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, pathAndQuery));
        if (body.Length > 0)
            message.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in request.Headers)
        {
            if (name is "Host" or "Content-Length" or "Connection" or "Transfer-Encoding")
                continue;
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()))
                message.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        // The server names itself in its auth challenge from the Host header: keep the client talking to the proxy.
        message.Headers.Host = request.Host.Value;

        using var response = await _forward.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is "Transfer-Encoding" or "Connection")
                continue;
            context.Response.Headers[name] = values.ToArray();
        }
        await response.Content.CopyToAsync(context.Response.Body);
        Record(recorded with { Status = (int)response.StatusCode });
    }

    private void Record(RecordedRequest request)
    {
        lock (_requests)
            _requests.Add(request);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forward.Dispose();
    }
}
