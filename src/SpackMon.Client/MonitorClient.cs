using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flurl.Http;
using SpackMon.Protocol;

namespace SpackMon.Client;

/// <summary>
/// The ms1 client: service info, the docker-registry style token flow, and the four write endpoints.
/// Every request has a time limit and a cancellation token; every failure is a <see cref="MonitorException"/>
/// naming the URL and the cause. One instance keeps its JWT and is safe to share between threads.
/// </summary>
public sealed class MonitorClient : IBuildMonitor, IDisposable
{
    private readonly MonitorClientOptions _options;
    // Made on the first request, so that creating a client on a build's critical path costs nothing.
    private readonly Lazy<FlurlClient> _http = new(() => (FlurlClient)new FlurlClient().WithHeader("User-Agent", "SpackMon.Build"));
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private string? _jwt;
    private string _baseUrl;

    /// <summary>Creates a client; no request is made until a method is called.</summary>
    public MonitorClient(MonitorClientOptions options)
    {
        _options = options;
        _baseUrl = options.BaseUrl;
    }

    /// <summary>The base URL in use: <c>{host}/{prefix}</c>, or where a 302 from service info moved it.</summary>
    public string BaseUrl => _baseUrl;

    /// <summary>The client's version text, sent as <c>spack_version</c>.</summary>
    public static string ToolVersion { get; } = "SpackMon.Build " + typeof(MonitorClient).Assembly.GetName().Version!.ToString(3);

    /// <summary>
    /// Asks whether a monitor runs at <see cref="BaseUrl"/>. A 302 moves the prefix for every later call,
    /// a 301 is followed once; 404, 503, other answers and no answer throw.
    /// </summary>
    public async Task<ServiceInfo> GetServiceInfoAsync(CancellationToken cancellationToken = default)
    {
        var url = _baseUrl + "/";
        var response = await SendOnceAsync(HttpMethod.Get, url, null, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 302)
        {
            url = Location(response, url);
            _baseUrl = url.TrimEnd('/');
            response = await SendOnceAsync(HttpMethod.Get, url, null, null, cancellationToken).ConfigureAwait(false);
        }
        else if (response.StatusCode == 301)
        {
            url = Location(response, url);
            response = await SendOnceAsync(HttpMethod.Get, url, null, null, cancellationToken).ConfigureAwait(false);
        }

        var body = await response.GetStringAsync().ConfigureAwait(false);
        switch (response.StatusCode)
        {
            case 200:
                try
                {
                    return MonitorJson.Deserialize<ServiceInfo>(body) ?? throw new JsonException("empty body");
                }
                catch (JsonException e)
                {
                    throw new MonitorException(url, "the answer is not a Spack Monitor service info (" + e.Message + ")", 200, e);
                }
            case 404:
                throw new MonitorException(url, "404 Not Found: no Spack Monitor API here (check the host and prefix)", 404);
            case 503:
                throw new MonitorException(url, "503 Service Unavailable: the Spack Monitor service is not available", 503);
            default:
                throw new MonitorException(url, Describe(response.StatusCode, body), response.StatusCode);
        }
    }

    /// <summary>Registers a spec (<c>specs/new/</c>).</summary>
    public async Task<NewSpecData> NewSpecAsync(NewSpecRequest request, CancellationToken cancellationToken = default) =>
        Data(await PostAsync<NewSpecData>("specs/new/", MonitorJson.Serialize(request), cancellationToken).ConfigureAwait(false), "specs/new/");

    /// <summary>Gets or creates a build (<c>builds/new/</c>).</summary>
    public async Task<NewBuildData> NewBuildAsync(NewBuildRequest request, CancellationToken cancellationToken = default)
    {
        var data = Data(await PostAsync<NewBuildData>("builds/new/", MonitorJson.Serialize(request), cancellationToken).ConfigureAwait(false), "builds/new/");
        return data.Build is null ? throw new MonitorException(_baseUrl + "/builds/new/", "the answer names no build") : data;
    }

    /// <summary>Reports a phase (<c>builds/phases/update/</c>).</summary>
    public Task UpdatePhaseAsync(PhaseUpdateRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<JsonNode>("builds/phases/update/", MonitorJson.Serialize(request), cancellationToken);

    /// <summary>Sets a build's status (<c>builds/update/</c>).</summary>
    public Task UpdateBuildAsync(BuildUpdateRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<JsonNode>("builds/update/", MonitorJson.Serialize(request), cancellationToken);

    async Task<string> IBuildMonitor.RegisterSpecAsync(NewSpecRequest request, CancellationToken cancellationToken) =>
        (await NewSpecAsync(request, cancellationToken).ConfigureAwait(false)).Spec.FullHash;

    async Task<string> IBuildMonitor.NewBuildAsync(NewBuildRequest request, CancellationToken cancellationToken) =>
        (await NewBuildAsync(request, cancellationToken).ConfigureAwait(false)).Build!.BuildId.ToString(CultureInfo.InvariantCulture);

    Task IBuildMonitor.UpdatePhaseAsync(string buildId, string phaseName, string status, string? output, CancellationToken cancellationToken) =>
        UpdatePhaseAsync(new PhaseUpdateRequest { BuildId = ServerId(buildId), PhaseName = phaseName, Status = status, Output = output }, cancellationToken);

    Task IBuildMonitor.UpdateBuildAsync(string buildId, string status, CancellationToken cancellationToken) =>
        UpdateBuildAsync(new BuildUpdateRequest { BuildId = ServerId(buildId), Status = status }, cancellationToken);

    /// <summary>Releases the HTTP connections.</summary>
    public void Dispose()
    {
        if (_http.IsValueCreated)
            _http.Value.Dispose();
        _tokenLock.Dispose();
    }

    private static JsonNode ServerId(string buildId) =>
        long.TryParse(buildId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? JsonValue.Create(id) : JsonValue.Create(buildId);

    private T Data<T>(MonitorResponse<T> response, string endpoint) where T : class =>
        response.Data ?? throw new MonitorException(_baseUrl + "/" + endpoint, "the answer has no data");

    // POST with the token flow: 401 → token from the challenge's realm → retry once with the new JWT.
    private async Task<MonitorResponse<T>> PostAsync<T>(string endpoint, string json, CancellationToken cancellationToken)
    {
        var url = _baseUrl + "/" + endpoint;
        var jwt = _options.DisableAuth ? null : Volatile.Read(ref _jwt);
        var response = await SendAsync(HttpMethod.Post, url, json, jwt, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 401 && !_options.DisableAuth)
        {
            jwt = await RenewTokenAsync(response, url, jwt, cancellationToken).ConfigureAwait(false);
            response = await SendAsync(HttpMethod.Post, url, json, jwt, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 401)
                throw new MonitorException(url, "401 Unauthorized: the server refused the token it had just issued", 401);
        }

        var body = await response.GetStringAsync().ConfigureAwait(false);
        if (response.StatusCode < 200 || response.StatusCode > 299)
            throw new MonitorException(url, Describe(response.StatusCode, body), response.StatusCode);
        try
        {
            return MonitorJson.Deserialize<MonitorResponse<T>>(body) ?? new MonitorResponse<T>();
        }
        catch (JsonException e)
        {
            throw new MonitorException(url, "the answer is not the expected JSON (" + e.Message + ")", response.StatusCode, e);
        }
    }

    private async Task<string> RenewTokenAsync(IFlurlResponse challengeResponse, string url, string? refused, CancellationToken cancellationToken)
    {
        challengeResponse.Headers.TryGetFirst("WWW-Authenticate", out var header);
        var challenge = AuthChallenge.Parse(header)
            ?? throw new MonitorException(url, "401 Unauthorized without a Www-Authenticate challenge naming a realm", 401);
        var credentials = _options.Credentials
            ?? throw new MonitorException(url, "401 Unauthorized: the server requires authentication; export SPACKMON_USER and SPACKMON_TOKEN", 401);

        await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request may have renewed the token while this one waited.
            var current = Volatile.Read(ref _jwt);
            if (current is not null && current != refused)
                return current;

            var tokenUrl = TokenUrl(challenge);
            var response = await SendAsync(HttpMethod.Get, tokenUrl, null, null, cancellationToken, credentials).ConfigureAwait(false);
            var body = await response.GetStringAsync().ConfigureAwait(false);
            if (response.StatusCode is 401 or 403)
                throw new MonitorException(tokenUrl, $"{response.StatusCode} {Reason(response.StatusCode)}: the server refused user '{credentials.User}' and its token; check SPACKMON_USER and SPACKMON_TOKEN", response.StatusCode);
            if (response.StatusCode != 200)
                throw new MonitorException(tokenUrl, Describe(response.StatusCode, body), response.StatusCode);
            TokenResponse? token;
            try
            {
                token = MonitorJson.Deserialize<TokenResponse>(body);
            }
            catch (JsonException e)
            {
                throw new MonitorException(tokenUrl, "the token answer is not JSON (" + e.Message + ")", 200, e);
            }
            if (token is null || string.IsNullOrEmpty(token.Token))
                throw new MonitorException(tokenUrl, "the token answer has no token", 200);
            Volatile.Write(ref _jwt, token.Token);
            return token.Token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private static string TokenUrl(AuthChallenge challenge)
    {
        var query = new StringBuilder();
        if (challenge.Service is not null)
            query.Append("service=").Append(Uri.EscapeDataString(challenge.Service));
        if (challenge.Scope is not null)
            query.Append(query.Length > 0 ? "&" : "").Append("scope=").Append(Uri.EscapeDataString(challenge.Scope));
        if (query.Length == 0)
            return challenge.Realm;
        return challenge.Realm + (challenge.Realm.IndexOf('?') >= 0 ? "&" : "?") + query;
    }

    // Every request but service info: transient failures are tried again with a doubling wait, within MaxAttempts.
    // Safe for every endpoint, because each is a get-or-create or an overwrite on the server.
    private async Task<IFlurlResponse> SendAsync(HttpMethod method, string url, string? json, string? bearer,
        CancellationToken cancellationToken, MonitorCredentials? basic = null)
    {
        var delay = _options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= _options.MaxAttempts;
            IFlurlResponse response;
            try
            {
                response = await SendOnceAsync(method, url, json, bearer, cancellationToken, basic).ConfigureAwait(false);
            }
            catch (MonitorException e) when (e.StatusCode is null && e.InnerException is not FlurlHttpTimeoutException)
            {
                if (last)
                    throw new MonitorException(url, e.Cause + Attempts(attempt), null, e.InnerException);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay += delay;
                continue;
            }

            var wait = response.StatusCode switch
            {
                502 or 503 or 504 => delay,
                429 when RetryAfter(response) is var after && after <= _options.MaxRetryAfter => after,
                _ => (TimeSpan?)null,
            };
            if (wait is null || last)
            {
                if (wait is not null && attempt > 1)
                {
                    var body = await response.GetStringAsync().ConfigureAwait(false);
                    throw new MonitorException(url, Describe(response.StatusCode, body) + Attempts(attempt), response.StatusCode);
                }
                return response;
            }
            response.Dispose();
            await Task.Delay(wait.Value, cancellationToken).ConfigureAwait(false);
            delay += delay;
        }
    }

    private static string Attempts(int attempts) => attempts > 1 ? $" (tried {attempts} times)" : "";

    // A 429's Retry-After (seconds or a date); one second when it gives none.
    private static TimeSpan RetryAfter(IFlurlResponse response)
    {
        var header = response.ResponseMessage.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.FromSeconds(1));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private async Task<IFlurlResponse> SendOnceAsync(HttpMethod method, string url, string? json, string? bearer,
        CancellationToken cancellationToken, MonitorCredentials? basic = null)
    {
        var request = _http.Value.Request(url).AllowAnyHttpStatus().WithAutoRedirect(false).WithTimeout(_options.Timeout);
        if (bearer is not null)
            request = request.WithOAuthBearerToken(bearer);
        else if (basic is not null)
            request = request.WithBasicAuth(basic.User, basic.Token);
        var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        try
        {
            return await request.SendAsync(method, content, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (FlurlHttpTimeoutException e)
        {
            throw new MonitorException(url, $"no answer within {_options.Timeout.TotalSeconds:0.#} s", null, e);
        }
        catch (FlurlHttpException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (FlurlHttpException e)
        {
            throw new MonitorException(url, MonitorException.TransportCause(e), null, e);
        }
    }

    private static string Location(IFlurlResponse response, string url)
    {
        var location = response.ResponseMessage.Headers.Location;
        if (location is null)
            throw new MonitorException(url, $"{response.StatusCode} redirect without a Location header", response.StatusCode);
        return new Uri(new Uri(url), location).ToString();
    }

    private static string Describe(int status, string body)
    {
        var text = $"{status} {Reason(status)}";
        var message = MessageOf(body);
        return message is null ? text : text + ": " + message;
    }

    private static string Reason(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "HTTP status",
    };

    // The "message" of a JSON error body, else the start of the body.
    private static string? MessageOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return null;
        try
        {
            if (JsonNode.Parse(body) is JsonObject o && o["message"] is JsonValue v && v.TryGetValue(out string? m))
                return m;
        }
        catch (JsonException)
        {
        }
        var trimmed = body.Trim();
        return trimmed.Length <= 200 ? trimmed : trimmed.Substring(0, 200) + "...";
    }
}
