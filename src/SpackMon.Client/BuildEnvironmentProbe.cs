using System.Runtime.InteropServices;
using SpackMon.Protocol;

namespace SpackMon.Client;

/// <summary>The build environment of this machine, in spack's terms (hostname, kernel version, host OS, platform, host target).</summary>
public static class BuildEnvironmentProbe
{
    /// <summary>Describes the machine this runs on.</summary>
    public static BuildEnvironment Current()
    {
        var environment = new BuildEnvironment
        {
            Hostname = Environment.MachineName,
            HostTarget = HostTarget(RuntimeInformation.OSArchitecture),
        };
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            environment.Platform = "windows";
            environment.HostOs = "windows" + Environment.OSVersion.Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment.KernelVersion = Environment.OSVersion.Version.ToString();
        }
        else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            environment.Platform = "darwin";
            environment.HostOs = "macos" + Environment.OSVersion.Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment.KernelVersion = RuntimeInformation.OSDescription;
        }
        else
        {
            environment.Platform = "linux";
            environment.HostOs = LinuxOs(ReadOrNull("/etc/os-release")) ?? "linux";
            // What spack sends: os.uname().version, e.g. "#1 SMP PREEMPT_DYNAMIC Debian 6.1.0".
            environment.KernelVersion = ReadOrNull("/proc/sys/kernel/version")?.Trim() ?? RuntimeInformation.OSDescription;
        }
        return environment;
    }

    /// <summary>spack's host OS from an os-release text: <c>ID</c> followed by <c>VERSION_ID</c>, e.g. <c>debian12</c>, <c>ubuntu22.04</c>.</summary>
    public static string? LinuxOs(string? osRelease)
    {
        if (osRelease is null)
            return null;
        string? id = null, version = null;
        foreach (var raw in osRelease.Split('\n'))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=');
            if (eq <= 0)
                continue;
            var value = line.Substring(eq + 1).Trim().Trim('"', '\'');
            switch (line.Substring(0, eq))
            {
                case "ID":
                    id = value;
                    break;
                case "VERSION_ID":
                    version = value;
                    break;
            }
        }
        return id is null ? null : id + version;
    }

    /// <summary>spack's names of processor families.</summary>
    public static string HostTarget(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.X86 => "x86",
        Architecture.Arm64 => "aarch64",
        Architecture.Arm => "arm",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
