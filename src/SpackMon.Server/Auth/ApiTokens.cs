using System.Security.Cryptography;
using System.Text;

namespace SpackMon.Server.Auth;

/// <summary>
/// API tokens: 256 random bits shown once, stored as their SHA-256 (enough for high-entropy secrets; a slow
/// password hash would add nothing but latency), compared in constant time.
/// </summary>
internal static class ApiTokens
{
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string token, string? storedHash)
    {
        if (storedHash is null)
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));
    }

    /// <summary>User names go into Basic credentials (split at the first ':') and tables; keep them plain.</summary>
    public static string? ValidateUserName(string name)
    {
        if (name.Length is 0 or > 150)
            return "A user name must have 1 to 150 characters.";
        if (name.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
            return $"The user name \"{name}\" must not contain ':', spaces or control characters.";
        return null;
    }
}
