using System.Text;
using System.Text.RegularExpressions;

namespace SpackMon.Client;

/// <summary>
/// Removes secrets from phase output before it is sent or saved: given secret texts (the API token),
/// passwords in URLs (<c>https://user:secret@host</c>), the credentials of <c>Authorization:</c> headers and of
/// <c>Bearer</c>/<c>Basic</c> words, and values of <c>NAME=value</c> pairs whose name says token, secret, password or key.
/// The server runs the same redaction on every phase output before it stores it, so it must stay linear in the
/// length of the text whatever the text is: the URL and assignment forms are found by scanning from their
/// separators (<c>://</c>, <c>=</c>, <c>:</c>) with bounded look-back, never by a pattern tried at every position.
/// </summary>
public static class OutputRedactor
{
    /// <summary>What a removed secret is replaced with.</summary>
    public const string Mask = "***";

    // Longest name looked back at before a separator; real variable names are far shorter.
    private const int MaxNameLength = 128;

    private static readonly string[] SecretWords = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "APIKEY", "API_KEY", "ACCESS_KEY", "PRIVATE_KEY"];

    // Anchored on literal words, so each attempt is bounded by the rest of one line.
    private static readonly Regex AuthorizationHeader = new(
        @"(?<name>\b(?:Proxy-)?Authorization\s*:\s*)(?<value>[^\r\n]+)", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    // "Basic" is also a word: only base64 with a digit, '+', '/' or '=' in it counts as credentials.
    private static readonly Regex SchemeCredentials = new(
        @"(?<scheme>\bBearer[ \t]+)(?<value>[A-Za-z0-9\-._~+/]{16,}=*)|(?<scheme>\bBasic[ \t]+)(?=[A-Za-z0-9+/]*[0-9+/=])(?<value>[A-Za-z0-9+/]{12,}={0,2})",
        RegexOptions.Compiled);

    /// <summary>Whether a variable named <paramref name="name"/> holds a secret (its name says token, secret, password or key).</summary>
    public static bool IsSecretName(string name) => ContainsSecretWord(name, 0, name.Length, ignoreCase: true);

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
        result = MaskUrlPasswords(result);
        return MaskSecretAssignments(result);
    }

    /// <summary><c>scheme://user:password@</c> → <c>scheme://user:***@</c>.</summary>
    private static string MaskUrlPasswords(string text)
    {
        StringBuilder? output = null;
        var copied = 0;
        for (var at = text.IndexOf("://", StringComparison.Ordinal); at >= 0; at = text.IndexOf("://", at + 3, StringComparison.Ordinal))
        {
            // A scheme: a letter, then letters, digits, '+', '.', '-'.
            var scheme = at;
            while (scheme > 0 && at - scheme < MaxNameLength && IsSchemeChar(text[scheme - 1]))
                scheme--;
            while (scheme < at && !IsAsciiLetter(text[scheme]))
                scheme++;
            if (scheme == at)
                continue;
            // user ':' password '@' — the user stops at '/', ':', '@' or space; the password at '/', '@' or space.
            var user = at + 3;
            var colon = user;
            while (colon < text.Length && text[colon] is not ('/' or ':' or '@') && !char.IsWhiteSpace(text[colon]))
                colon++;
            if (colon == user || colon >= text.Length || text[colon] != ':')
                continue;
            var end = colon + 1;
            while (end < text.Length && text[end] is not ('/' or '@') && !char.IsWhiteSpace(text[end]))
                end++;
            if (end == colon + 1 || end >= text.Length || text[end] != '@')
                continue;
            output ??= new StringBuilder(text.Length);
            output.Append(text, copied, colon + 1 - copied).Append(Mask);
            copied = end;
        }
        return output is null ? text : output.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// <c>NAME=value</c> pairs of a secret-named variable. Two forms: an environment-style name in capitals before
    /// <c>=</c> or <c>:</c> (spaces allowed around it), and a name of any case tight against <c>=</c> (connection and
    /// query strings). Code such as <c>cancellationToken = default</c> in a compiler message is neither.
    /// </summary>
    private static string MaskSecretAssignments(string text)
    {
        StringBuilder? output = null;
        var copied = 0;
        for (var sep = text.IndexOfAny(['=', ':']); sep >= 0; sep = sep + 1 < text.Length ? text.IndexOfAny(['=', ':'], sep + 1) : -1)
        {
            if (sep < copied)
                continue;
            var nameEnd = sep;
            while (nameEnd > copied && sep - nameEnd < 8 && text[nameEnd - 1] is ' ' or '\t')
                nameEnd--;
            var nameStart = nameEnd;
            while (nameStart > copied && nameEnd - nameStart < MaxNameLength && IsNameChar(text[nameStart - 1]))
                nameStart--;
            if (nameStart == nameEnd || (nameStart > 0 && IsNameChar(text[nameStart - 1])))
                continue;
            var tight = nameEnd == sep && text[sep] == '=';
            var capitals = !HasLowercase(text, nameStart, nameEnd);
            if (!(capitals && ContainsSecretWord(text, nameStart, nameEnd, ignoreCase: false))
                && !(tight && ContainsSecretWord(text, nameStart, nameEnd, ignoreCase: true)))
                continue;

            var valueStart = sep + 1;
            if (capitals)
                while (valueStart < text.Length && text[valueStart] is ' ' or '\t')
                    valueStart++;
            var valueEnd = ValueEnd(text, valueStart);
            if (valueEnd == valueStart || string.CompareOrdinal(text, valueStart, Mask, 0, Mask.Length) == 0 && valueEnd - valueStart == Mask.Length)
                continue;
            output ??= new StringBuilder(text.Length);
            output.Append(text, copied, valueStart - copied).Append(Mask);
            copied = valueEnd;
            sep = valueEnd - 1;
        }
        return output is null ? text : output.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>The end of a value: a quoted string closed on the same line, or a run up to a space, ';', ',' or '&amp;'.</summary>
    private static int ValueEnd(string text, int start)
    {
        if (start < text.Length && text[start] is '"' or '\'')
        {
            var close = start + 1;
            while (close < text.Length && text[close] != text[start] && text[close] is not ('\n' or '\r'))
                close++;
            if (close < text.Length && text[close] == text[start])
                return close + 1;
        }
        var end = start;
        while (end < text.Length && text[end] is not (';' or ',' or '&') && !char.IsWhiteSpace(text[end]))
            end++;
        return end;
    }

    private static bool ContainsSecretWord(string text, int start, int end, bool ignoreCase)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var word in SecretWords)
            for (var i = start; i + word.Length <= end; i++)
                if (string.Compare(text, i, word, 0, word.Length, comparison) == 0)
                    return true;
        return false;
    }

    private static bool HasLowercase(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
            if (text[i] is >= 'a' and <= 'z')
                return true;
        return false;
    }

    private static bool IsNameChar(char c) => IsAsciiLetter(c) || c is >= '0' and <= '9' or '_' or '.' or '-';

    private static bool IsSchemeChar(char c) => IsAsciiLetter(c) || c is >= '0' and <= '9' or '+' or '.' or '-';

    private static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';
}
