using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace SpackMon.Server.Web;

/// <summary>Markup that is already safe: literal template text or something an <see cref="HtmlWriter"/> produced.</summary>
internal readonly record struct Html(string Value);

/// <summary>
/// Builds a page. Holes in <c>w.Add($"...")</c> are HTML-encoded unless they are <see cref="Html"/>, so user input
/// (spec names, tags, logs) can only ever show as text.
/// </summary>
internal sealed class HtmlWriter
{
    private readonly StringBuilder _text = new();

    public StringBuilder Builder => _text;

    public void Add([InterpolatedStringHandlerArgument("")] ref HtmlHandler handler)
    {
    }

    /// <summary>Appends encoded text.</summary>
    public void Text(string? text) => HtmlHandler.Encode(_text, text);

    public override string ToString() => _text.ToString();

    /// <summary>Encodes text for use in HTML text or a quoted attribute.</summary>
    public static string Encode(string? text) => HtmlHandler.Encoder.Encode(text ?? "");
}

/// <summary>The interpolation handler of <see cref="HtmlWriter.Add"/>: literals verbatim, holes encoded.</summary>
[InterpolatedStringHandler]
internal ref struct HtmlHandler
{
    /// <summary>Encodes markup characters (&lt; &gt; &amp; quotes) and controls; letters of any script stay readable.</summary>
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _text;

    public HtmlHandler(int literalLength, int formattedCount, HtmlWriter writer)
    {
        _text = writer.Builder;
        _text.EnsureCapacity(_text.Length + literalLength + formattedCount * 16);
    }

    public void AppendLiteral(string literal) => _text.Append(literal);

    public void AppendFormatted(Html html) => _text.Append(html.Value);

    public void AppendFormatted(string? text) => Encode(_text, text);

    public void AppendFormatted<T>(T value)
    {
        var text = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString();
        Encode(_text, text);
    }

    internal static void Encode(StringBuilder target, string? text)
    {
        if (string.IsNullOrEmpty(text))
            return;
        target.Append(Encoder.Encode(text));
    }
}
