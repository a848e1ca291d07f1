using System.Text.RegularExpressions;

namespace SpackMon.Bench;

/// <summary>
/// The baseline for log analysis: the approach of spack's <c>ctest_log_parser</c> (which the reference server's
/// lazy log parsing follows), i.e. a list of regular expressions tried on every line, with exception lists.
/// The patterns are a representative subset of its error and warning lists.
/// </summary>
public static class ReferenceLogParser
{
    private static readonly Regex[] ErrorMatches = Build(
        "^FAIL: ", "^FATAL: ", "^failed ", "FAILED", "Failed test", "^[Bb]us [Ee]rror", "^[Ss]egmentation [Vv]iolation",
        "^[Ss]egmentation [Ff]ault", ":.*[Pp]ermission [Dd]enied", @"[^ :]:[0-9]+: [^ \t]", @"[^:]: error[ \t]*[0-9]+[ \t]*:",
        "^Error ([0-9]+):", "^Fatal", "^[Ee]rror: ", "^Error ", "[0-9] ERROR: ", "^\"[^\"]+\", line [0-9]+: [^Ww]",
        @"^ld([^:])*:([ \t])*ERROR([^:])*:", @"[^ :] : (error|fatal error|catastrophic error)",
        "[^:]: (Error:|error|undefined reference|multiply defined)", @"[^:]\([^\)]+\) ?: (error|fatal error|catastrophic error)",
        "^fatal error C[0-9]+:", ": syntax error ", "^collect2: ld returned 1 exit status", "ld terminated with signal",
        "Unsatisfied symbol", "^Unresolved:", "Undefined symbol", "^CMake Error", @":[ \t]cannot find", @":[ \t]can't find",
        @": \*\*\* No rule to make target [`'].*\'.  Stop", "make: Fatal error: ", "ld: fatal: ", "final link failed:",
        @"make: \*\*\*.*Error", @"make\[.*\]: \*\*\*.*Error", @"\*\*\* Error code", "nternal error:",
        @"Makefile:[0-9]+: \*\*\* .*  Stop\.", ": No such file or directory", ": Invalid argument",
        @"^The project cannot be built\.", @"^\[ERROR\]", "^Command .* failed with exit code");

    private static readonly Regex[] ErrorExceptions = Build(
        "instantiated from ", "candidates are:", ": warning", ": WARNING", ": \\(Warning\\)", ": note", "    ok",
        "Note:", "makefile:", "Makefile:", ":[ \\t]+Where:", "([^ :]+):([0-9]+): Warning", "------ Build started: .* ------");

    private static readonly Regex[] WarningMatches = Build(
        @"[^ :]:[0-9]+: warning:", @"[^ :]:[0-9]+: note:", @"^ld([^:])*:([ \t])*WARNING([^:])*:",
        "[^:]: warning [0-9]+:", "^\"[^\"]+\", line [0-9]+: [Ww](arning|arnung)", @"[^:]: warning[ \t]*[0-9]+[ \t]*:",
        "^(Warning|Warnung) ([0-9]+):", "^(Warning|Warnung)[ :]", "WARNING: ", "[^ :] : warning", "[^:]: warning",
        "^cxx: Warning:", "file: .* has no symbols", "[^ :]:[0-9]+: (Warning|Warnung)", @"\([0-9]*\): remark #[0-9]*",
        "^CMake Warning", @"^\[WARNING\]");

    private static readonly Regex[] WarningExceptions = Build(
        "/usr/.*/X11/Xlib\\.h:[0-9]+: war.*: ANSI C\\+\\+ forbids declaration", "/usr/openwin/include/X11/Xlib\\.h:[0-9]+: warning:",
        "WARNING 84 :", "WARNING 47 :", "warning:  Clock skew detected\\.  Your build may be incomplete\\.",
        "/usr/openwin/include/GL/[^:]+:", "bind_at_load", "XrmQGetResource", "IceFlush", "warning LNK4089: all references to [^ \\t]+ discarded by .OPT:REF",
        "ld32: WARNING 85: duplicate definition preempted", "ld32: WARNING 84: [^ \\t]+ is not used for resolving any symbol");

    /// <summary>Counts (errors, warnings) of a log the way the reference does: every pattern on every line.</summary>
    public static (int Errors, int Warnings) Parse(string log)
    {
        int errors = 0, warnings = 0;
        foreach (var line in log.Split('\n'))
        {
            if (Any(ErrorMatches, line) && !Any(ErrorExceptions, line))
                errors++;
            else if (Any(WarningMatches, line) && !Any(WarningExceptions, line))
                warnings++;
        }
        return (errors, warnings);
    }

    private static bool Any(Regex[] patterns, string line)
    {
        foreach (var p in patterns)
            if (p.IsMatch(line))
                return true;
        return false;
    }

    private static Regex[] Build(params string[] patterns) => [.. patterns.Select(p => new Regex(p, RegexOptions.CultureInvariant))];
}
