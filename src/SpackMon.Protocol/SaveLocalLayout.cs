namespace SpackMon.Protocol;

/// <summary>
/// File names of spack's <c>--monitor-save-local</c> folder, which our client writes and <c>spackmon upload</c> reads:
/// <c>spec-&lt;name&gt;-&lt;version&gt;-config.json</c> (a <c>specs/new/</c> body), <c>build-metadata-&lt;local id&gt;.json</c>
/// (a <c>builds/new/</c> body), <c>build-&lt;local id&gt;-phase-&lt;phase&gt;.json</c> and <c>build-&lt;local id&gt;-status.json</c>.
/// Local build ids are 32 lower-case hex digits.
/// </summary>
public static class SaveLocalLayout
{
    /// <summary>File of a spec.</summary>
    public static string SpecFile(string name, string version) => $"spec-{Safe(name)}-{Safe(version)}-config.json";

    /// <summary>File of a build's environment and spec hash.</summary>
    public static string BuildMetadataFile(string localBuildId) => $"build-metadata-{localBuildId}.json";

    /// <summary>File of one phase of a build.</summary>
    public static string PhaseFile(string localBuildId, string phase) => $"build-{localBuildId}-phase-{Safe(phase)}.json";

    /// <summary>File of a build's final status.</summary>
    public static string StatusFile(string localBuildId) => $"build-{localBuildId}-status.json";

    /// <summary>The kind of a file in a save-local folder, from its name.</summary>
    public static SaveLocalFileKind KindOf(string fileName)
    {
        if (!fileName.EndsWith(".json", StringComparison.Ordinal))
            return SaveLocalFileKind.Unknown;
        if (fileName.StartsWith("spec-", StringComparison.Ordinal))
            return SaveLocalFileKind.Spec;
        if (fileName.StartsWith("build-metadata-", StringComparison.Ordinal))
            return SaveLocalFileKind.BuildMetadata;
        if (fileName.StartsWith("build-", StringComparison.Ordinal) && fileName.EndsWith("-status.json", StringComparison.Ordinal))
            return SaveLocalFileKind.Status;
        if (fileName.StartsWith("build-", StringComparison.Ordinal) && fileName.Contains("-phase-"))
            return SaveLocalFileKind.Phase;
        return SaveLocalFileKind.Unknown;
    }

    /// <summary>The local build id in a build-metadata, phase or status file name, or null.</summary>
    public static string? LocalBuildIdOf(string fileName)
    {
        switch (KindOf(fileName))
        {
            case SaveLocalFileKind.BuildMetadata:
                return fileName.Substring("build-metadata-".Length, fileName.Length - "build-metadata-".Length - ".json".Length);
            case SaveLocalFileKind.Phase:
                var start = "build-".Length;
                return fileName.Substring(start, fileName.IndexOf("-phase-", start, StringComparison.Ordinal) - start);
            case SaveLocalFileKind.Status:
                return fileName.Substring("build-".Length, fileName.Length - "build-".Length - "-status.json".Length);
            default:
                return null;
        }
    }

    private static string Safe(string part)
    {
        var chars = part.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (Array.IndexOf(Path.GetInvalidFileNameChars(), chars[i]) >= 0 || chars[i] == '/' || chars[i] == '\\')
                chars[i] = '_';
        return new string(chars);
    }
}

/// <summary>What a file of a save-local folder holds.</summary>
public enum SaveLocalFileKind
{
    /// <summary>Not a file of the layout.</summary>
    Unknown,
    /// <summary>A <c>specs/new/</c> body.</summary>
    Spec,
    /// <summary>A <c>builds/new/</c> body.</summary>
    BuildMetadata,
    /// <summary>A <c>builds/phases/update/</c> body.</summary>
    Phase,
    /// <summary>A <c>builds/update/</c> body.</summary>
    Status,
}
