using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using SpackMon.Protocol;
using SpackMon.Server.Api;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Auth;

/// <summary>
/// The reference's docker-registry style authentication: protected endpoints want <c>Bearer &lt;JWT&gt;</c> and
/// otherwise answer 401 with a challenge naming the token endpoint; <c>/auth/token/</c> trades Basic
/// <c>user:token</c> for a JWT.
/// </summary>
internal sealed class Authenticator(MonitorStore store, JsonWebTokens tokens, ServerOptions options, long? defaultUserId)
{
    /// <summary>Owner of every build when authentication is off.</summary>
    public const string DefaultUserName = "spackmon";

    // Compared against when the user is unknown, so that a wrong name costs as much as a wrong token.
    private static readonly string UnknownUserHash = ApiTokens.Hash(ApiTokens.Generate());

    private readonly ConcurrentDictionary<string, long> _userIds = new(StringComparer.Ordinal);
    private readonly UserRateLimit? _rateLimit = options.RateLimitPerSecond > 0 ? new UserRateLimit(options.RateLimitPerSecond, TimeProvider.System) : null;

    /// <summary>
    /// The id of the user a protected request acts for; throws the 401/403 answer otherwise, and 429 with
    /// <c>Retry-After</c> when the user is over <see cref="ServerOptions.RateLimitPerSecond"/>.
    /// </summary>
    public async Task<long> RequireUserAsync(HttpContext context)
    {
        var user = await AuthenticateAsync(context);
        if (_rateLimit?.TryTake(user) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            throw ApiError.TooManyRequests(
                $"Too many requests: this server takes {options.RateLimitPerSecond} a second per user. Try again in {seconds} s.", seconds);
        }
        return user;
    }

    private async Task<long> AuthenticateAsync(HttpContext context)
    {
        if (options.DisableAuth)
            return defaultUserId!.Value;
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            throw ApiError.Forbidden(
                $"Basic credentials are not accepted here: trade them for a token at {Realm(context)} and send it as \"Authorization: Bearer <token>\".",
                "Invalid username/password.");
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && tokens.Validate(header["Bearer ".Length..].Trim()) is { } name
            && await UserIdAsync(name, context.RequestAborted) is { } id)
            return id;
        throw ApiError.Unauthorized(
            header.Length == 0
                ? $"Authentication required: get a token at {Realm(context)} with Basic user:token and send it as Bearer."
                : $"The credentials are not a valid, unexpired token of this server: get a new one at {Realm(context)}.",
            Challenge(context));
    }

    // Users are never removed or renamed, so a name once found keeps its id: no database read per request.
    private async Task<long?> UserIdAsync(string name, CancellationToken ct)
    {
        if (_userIds.TryGetValue(name, out var id))
            return id;
        if (await store.FindUserAsync(name, ct) is not { } user)
            return null;
        return _userIds[name] = user.Id;
    }

    /// <summary><c>GET /auth/token/</c>: a JWT for valid Basic credentials, 403 for anything else.</summary>
    public async Task<IResult> IssueTokenAsync(HttpContext context)
    {
        var (name, token) = ReadBasic(context.Request.Headers.Authorization.ToString());
        var user = name is null ? null : await store.FindUserAsync(name, context.RequestAborted);
        var valid = ApiTokens.Matches(token ?? "", user?.TokenHash ?? UnknownUserHash) && user?.TokenHash is not null;
        if (!valid)
            throw ApiError.Forbidden(name is null
                ? "Send \"Authorization: Basic base64(user:token)\" with a user and API token of this server."
                : "Invalid username or token.");
        var (jwt, issuedAt) = tokens.Issue(user!.Name, Realm(context));
        return Results.Json(new TokenResponse
        {
            Token = jwt,
            IssuedAt = issuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ExpiresIn = options.TokenLifetimeSeconds,
        }, MonitorJson.Options);
    }

    /// <summary>The token endpoint's URL, from the host the client used (as the reference does).</summary>
    public static string Realm(HttpContext context) => Service(context) + "/auth/token/";

    private static string Service(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    // The reference sends no scheme word before realm; clients parse the key="value" pairs.
    private static string Challenge(HttpContext context) =>
        $"realm=\"{Realm(context)}\",service=\"{Service(context)}\",scope=\"build\"";

    private static (string? Name, string? Token) ReadBasic(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return (null, null);
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = text.IndexOf(':');
            return colon <= 0 ? (null, null) : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}
