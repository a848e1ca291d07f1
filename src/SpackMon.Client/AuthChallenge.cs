using System.Text;

namespace SpackMon.Client;

/// <summary>
/// A <c>Www-Authenticate</c> challenge of the docker-registry style: <c>realm="...",service="...",scope="..."</c>,
/// with or without a scheme word (<c>Bearer</c>) before the pairs — the reference server sends none.
/// </summary>
public sealed class AuthChallenge
{
    /// <summary>The scheme word, or null when the header has none.</summary>
    public string? Scheme { get; private set; }

    /// <summary>URL of the token endpoint.</summary>
    public string Realm { get; private set; } = "";

    /// <summary>The service the token is for, or null.</summary>
    public string? Service { get; private set; }

    /// <summary>The scope asked for, or null.</summary>
    public string? Scope { get; private set; }

    /// <summary>Every parameter of the challenge, keys in lower case.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; private set; } = new Dictionary<string, string>();

    /// <summary>Parses a challenge; null when the header is empty or has no realm.</summary>
    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
            return null;
        var text = header!.Trim();
        string? scheme = null;
        var space = text.IndexOf(' ');
        var equals = text.IndexOf('=');
        if (space > 0 && (equals < 0 || space < equals))
        {
            scheme = text.Substring(0, space);
            text = text.Substring(space + 1);
        }

        var parameters = ParsePairs(text);
        if (!parameters.TryGetValue("realm", out var realm) || realm.Length == 0)
            return null;
        parameters.TryGetValue("service", out var service);
        parameters.TryGetValue("scope", out var scope);
        return new AuthChallenge { Scheme = scheme, Realm = realm, Service = service, Scope = scope, Parameters = parameters };
    }

    // key="quoted \" value" or key=token, separated by commas and blanks.
    private static Dictionary<string, string> ParsePairs(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
                i++;
            var keyStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
                i++;
            var key = text.Substring(keyStart, i - keyStart).Trim().ToLowerInvariant();
            if (i >= text.Length || text[i] != '=')
                continue;
            i++;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                        i++;
                    value.Append(text[i++]);
                }
                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                    value.Append(text[i++]);
            }
            if (key.Length > 0)
                result[key] = value.ToString().Trim();
        }
        return result;
    }
}
