using System.Globalization;

namespace SpackMon.Build.Model;

/// <summary>One warning or error of a phase, as a user reads it in a build log.</summary>
public sealed class Diagnostic
{
    /// <summary><c>error</c>, <c>warning</c> (notes are left out).</summary>
    public string Level { get; set; } = "warning";
    /// <summary>Diagnostic code, e.g. <c>CS0103</c> or <c>NU1603</c>.</summary>
    public string Code { get; set; } = "";
    /// <summary>The message.</summary>
    public string Message { get; set; } = "";
    /// <summary>File, relative to the project folder where possible; null when none.</summary>
    public string? File { get; set; }
    /// <summary>1-based line, or 0.</summary>
    public int Line { get; set; }
    /// <summary>1-based column, or 0.</summary>
    public int Column { get; set; }

    /// <summary>Whether this is an error.</summary>
    public bool IsError => Level == "error";

    /// <summary>MSBuild's canonical form: <c>file(line,col): error CODE: message</c>.</summary>
    public override string ToString()
    {
        var location = File is null ? "" : Line > 0
            ? string.Format(CultureInfo.InvariantCulture, "{0}({1},{2}): ", File, Line, Math.Max(Column, 1))
            : File + ": ";
        var code = Code.Length == 0 ? "" : " " + Code;
        return $"{location}{Level}{code}: {Message}";
    }

    /// <summary>A path relative to <paramref name="directory"/> with forward slashes when it lies below it; else the full path.</summary>
    public static string RelativePath(string directory, string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return full.StartsWith(root, comparison) ? full.Substring(root.Length).Replace('\\', '/') : full;
    }
}
