using System.Globalization;
using System.Text;
using SpackMon.Build.Model;

namespace SpackMon.Build.Monitoring;

/// <summary>The text of a phase as uploaded: spack-style header, each warning and error, a count, the status and duration.</summary>
public static class PhaseOutput
{
    /// <summary>Composes the output of <paramref name="phase"/> of <paramref name="project"/>.</summary>
    public static string Compose(string project, string phase, string status, TimeSpan? duration, IReadOnlyCollection<Diagnostic> diagnostics, string? text)
    {
        var output = new StringBuilder();
        output.Append("==> ").Append(project).Append(": Executing phase: '").Append(phase).Append("'\n");
        if (!string.IsNullOrWhiteSpace(text))
            output.Append(text!.Replace("\r\n", "\n").TrimEnd('\n')).Append('\n');
        foreach (var diagnostic in diagnostics.OrderBy(d => d.IsError ? 0 : 1))
            output.Append(diagnostic).Append('\n');
        if (diagnostics.Count > 0)
            output.Append(diagnostics.Count(d => d.IsError).ToString(CultureInfo.InvariantCulture)).Append(" error(s), ")
                .Append(diagnostics.Count(d => !d.IsError).ToString(CultureInfo.InvariantCulture)).Append(" warning(s)\n");
        output.Append("==> ").Append(phase).Append(' ').Append(status);
        if (duration is { } elapsed)
            output.Append(" in ").Append(elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)).Append(" s");
        return output.Append('\n').ToString();
    }
}
