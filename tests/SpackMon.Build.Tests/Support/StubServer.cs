using System.Net;

namespace SpackMon.Build.Tests.Support;

/// <summary>
/// A loopback HTTP responder for answers our real server never gives (503, 301, no answer at all).
/// Each request is answered by <c>respond</c>; requests are recorded.
/// </summary>
public sealed class StubServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, (int Status, string Body, Dictionary<string, string>? Headers)?> _respond;

    public StubServer(Func<HttpListenerRequest, (int Status, string Body, Dictionary<string, string>? Headers)?> respond)
    {
        _respond = respond;
        Port = ServerFixture.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string Host => $"http://127.0.0.1:{Port}";
    public List<string> Requests { get; } = new();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            lock (Requests)
                Requests.Add(context.Request.HttpMethod + " " + context.Request.Url!.AbsolutePath);
            var answer = _respond(context.Request);
            if (answer is null)
                continue; // never answered: the client's time limit must end the call
            var (status, body, headers) = answer.Value;
            context.Response.StatusCode = status;
            foreach (var h in headers ?? new Dictionary<string, string>())
                context.Response.Headers[h.Key] = h.Value;
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
