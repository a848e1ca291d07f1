namespace SpackMon.Server.Api;

/// <summary>Longest strings the API stores; a longer one is answered 400 naming the field and the limit.</summary>
internal static class FieldLimits
{
    /// <summary>Names, versions, hashes, tags, statuses, build environment fields.</summary>
    public const int Short = 256;

    /// <summary>Kernel version strings, which carry build dates and flags.</summary>
    public const int KernelVersion = 1024;

    /// <summary>Installed file paths.</summary>
    public const int Path = 4096;

    /// <summary>Everything a phase, analyzer or spec says beyond that is bounded by the request body limit only.</summary>
    public const int Unbounded = int.MaxValue;
}
