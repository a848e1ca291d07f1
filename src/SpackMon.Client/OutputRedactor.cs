using System.Text.RegularExpressions;

namespace SpackMon.Client;

/// <summary>
/// Removes secrets from phase output before it is sent or saved: given secret texts (the API token),
/// passwords in URLs (<c>https://user:secret@host</c>), the credentials of <c>Authorization:</c> headers and of
/// <c>Bearer</c>/<c>Basic</c> words, and values of <c>NAME=value</c> pairs whose name says token, secret, password or key.
/// The server runs the same redaction on every phase output before it stores it.
/// </summary>
public static class OutputRedactor
{
    /// <summary>What a removed secret is replaced with.</summary>
    public const string Mask = "***";

    private static readonly Regex UrlUserInfo = new(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?<user>[^/\s:@]+):(?<password>[^/\s@]+)@", RegexOptions.Compiled);

    private static readonly Regex AuthorizationHeader = new(
        @"(?<name>\b(?:Proxy-)?Authorization\s*:\s*)(?<value>[^\r\n]+)", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    // "Basic" is also a word: only base64 with a digit, '+', '/' or '=' in it counts as credentials.
    private static readonly Regex SchemeCredentials = new(
        @"(?<scheme>\bBearer\s+)(?<value>[A-Za-z0-9\-._~+/]{16,}=*)|(?<scheme>\bBasic\s+)(?=[A-Za-z0-9+/]*[0-9+/=])(?<value>[A-Za-z0-9+/]{12,}={0,2})",
        RegexOptions.Compiled);

    // Two forms: an environment-style NAME in capitals with '=' or ':' (spaces allowed), and a name of any case
    // tight against '=' (connection strings, query strings). Code such as "cancellationToken = default" in a
    // compiler message is neither.
    private static readonly Regex SecretAssignment = new(
        @"(?<name>\b[A-Z0-9_.\-]*(?:TOKEN|SECRET|PASSWORD|PASSWD|APIKEY|API_KEY|ACCESS_KEY|PRIVATE_KEY)[A-Z0-9_.\-]*)(?<sep>\s*[=:]\s*)(?<value>""[^""]*""|'[^']*'|[^\s;,&]+)"
        + @"|(?<name>\b[A-Za-z0-9_.\-]*(?i:token|secret|password|passwd|apikey|api_key|access_key|private_key)[A-Za-z0-9_.\-]*)(?<sep>=)(?<value>""[^""]*""|'[^']*'|[^\s;,&]+)",
        RegexOptions.Compiled);

    /// <summary>Whether a variable named <paramref name="name"/> holds a secret (its name says token, secret, password or key).</summary>
    public static bool IsSecretName(string name) => SecretAssignment.IsMatch(name + "=value");

    /// <summary>The text with every secret masked; null stays null.</summary>
    public static string? Redact(string? text, IEnumerable<string>? secrets = null)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        var result = text!;
        foreach (var secret in secrets ?? Array.Empty<string>())
        {
            // Very short values would mask ordinary words; real tokens are long.
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 6)
                result = result.Replace(secret, Mask);
        }
        result = AuthorizationHeader.Replace(result, m => m.Groups["name"].Value + Mask);
        result = SchemeCredentials.Replace(result, m => m.Groups["scheme"].Value + Mask);
        result = UrlUserInfo.Replace(result, m => m.Groups["scheme"].Value + m.Groups["user"].Value + ":" + Mask + "@");
        result = SecretAssignment.Replace(result, m => m.Groups["value"].Value == Mask ? m.Value : m.Groups["name"].Value + m.Groups["sep"].Value + Mask);
        return result;
    }
}
