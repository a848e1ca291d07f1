using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpackMon.Server.Auth;

/// <summary>
/// The HS256 JWTs of the token endpoint, with the reference's claims: iss (the realm), sub (user name),
/// exp, nbf, iat, jti and access <c>[{"type":"build","actions":["build"]}]</c>.
/// </summary>
internal sealed class JsonWebTokens(byte[] key, int lifetimeSeconds, TimeProvider clock)
{
    private static readonly string Header = Base64Url(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));

    /// <summary>Issues a token for <paramref name="user"/>; returns it with its issue time.</summary>
    public (string Token, DateTimeOffset IssuedAt) Issue(string user, string issuer)
    {
        var now = clock.GetUtcNow();
        var iat = now.ToUnixTimeSeconds();
        // Rounded up so that a token is never valid for less than the lifetime, even for a lifetime of 1 s.
        var exp = (long)Math.Ceiling((now.ToUnixTimeMilliseconds() + lifetimeSeconds * 1000L) / 1000.0);
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = user,
            ["exp"] = exp,
            ["nbf"] = iat,
            ["iat"] = iat,
            ["jti"] = Guid.NewGuid().ToString(),
            ["access"] = new JsonArray(new JsonObject { ["type"] = "build", ["actions"] = new JsonArray("build") }),
        };
        var signingInput = Header + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return (signingInput + "." + Base64Url(Sign(signingInput)), now);
    }

    /// <summary>The user name of a valid, unexpired token signed with our key; null for anything else.</summary>
    public string? Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
            return null;
        var signature = FromBase64Url(parts[2]);
        if (signature is null || !CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
            return null;
        try
        {
            // The signature is ours, but the header must still say HS256: never accept "none" or another algorithm.
            if (JsonNode.Parse(FromBase64Url(parts[0]) ?? [])?["alg"]?.GetValue<string>() != "HS256")
                return null;
            if (JsonNode.Parse(FromBase64Url(parts[1]) ?? []) is not JsonObject claims)
                return null;
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            if (claims["exp"] is not JsonValue exp || !exp.TryGetValue(out long expires) || now >= expires)
                return null;
            if (claims["nbf"] is JsonValue nbf && (!nbf.TryGetValue(out long notBefore) || now < notBefore))
                return null;
            return claims["sub"] is JsonValue sub && sub.TryGetValue(out string? user) && user.Length > 0 ? user : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        var b64 = text.Replace('-', '+').Replace('_', '/');
        b64 += (b64.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try
        {
            return Convert.FromBase64String(b64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
