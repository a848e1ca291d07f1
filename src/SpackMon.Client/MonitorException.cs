using System.Net.Sockets;

namespace SpackMon.Client;

/// <summary>A request to the monitor failed; the message names the URL and the cause.</summary>
public sealed class MonitorException : Exception
{
    /// <summary>Creates the exception for a request to <paramref name="url"/> that failed because of <paramref name="cause"/>.</summary>
    public MonitorException(string url, string cause, int? statusCode = null, Exception? inner = null)
        : base($"{url}: {cause}", inner)
    {
        Url = url;
        Cause = cause;
        StatusCode = statusCode;
    }

    /// <summary>The URL of the failed request.</summary>
    public string Url { get; }

    /// <summary>Why it failed, e.g. <c>Connection refused</c> or <c>404 Not Found</c>.</summary>
    public string Cause { get; }

    /// <summary>The HTTP status of the answer, or null when there was none.</summary>
    public int? StatusCode { get; }

    /// <summary>The cause of a transport failure in the operating system's words (<c>Connection refused</c>), from the innermost useful exception.</summary>
    internal static string TransportCause(Exception exception)
    {
        string? message = null;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
                return socket.Message;
            if (!string.IsNullOrWhiteSpace(e.Message))
                message = e.Message;
        }
        return message ?? exception.GetType().Name;
    }
}
