namespace SpackMon.Protocol;

/// <summary>Final status of a build (<c>builds/update/</c>).</summary>
public static class BuildStatus
{
    /// <summary>The build succeeded.</summary>
    public const string Success = "SUCCESS";
    /// <summary>The build failed.</summary>
    public const string Failed = "FAILED";
    /// <summary>The build could not run because something it depends on failed.</summary>
    public const string Cancelled = "CANCELLED";
    /// <summary>The status of a build that has not reported one yet.</summary>
    public const string NotRun = "NOTRUN";

    /// <summary>Every word a build status may be, in the order the reference server lists them.</summary>
    public static readonly IReadOnlyList<string> All = new[] { Cancelled, Success, NotRun, Failed };

    /// <summary>Whether <paramref name="status"/> is one of <see cref="All"/> (exact, upper case).</summary>
    public static bool IsValid(string? status) => status is not null && All.Contains(status);
}

/// <summary>Status of one phase of a build (<c>builds/phases/update/</c>).</summary>
public static class PhaseStatus
{
    /// <summary>The phase succeeded.</summary>
    public const string Success = "SUCCESS";
    /// <summary>The phase failed (spack's word for a phase that raised).</summary>
    public const string Error = "ERROR";
    /// <summary>The phase failed.</summary>
    public const string Failed = "FAILED";
    /// <summary>The phase could not run.</summary>
    public const string Cancelled = "CANCELLED";
    /// <summary>The phase did not run.</summary>
    public const string NotRun = "NOTRUN";

    /// <summary>Every word a phase status may be.</summary>
    public static readonly IReadOnlyList<string> All = new[] { Success, Error, Failed, Cancelled, NotRun };

    /// <summary>Whether <paramref name="status"/> is one of <see cref="All"/> (exact, upper case).</summary>
    public static bool IsValid(string? status) => status is not null && All.Contains(status);
}
