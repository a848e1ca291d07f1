using System.Globalization;

namespace SpackMon.Build;

/// <summary>A message of the tasks: a stable code, a text with placeholders, and what to do about it.</summary>
public sealed class MonitorMessage
{
    internal MonitorMessage(string code, string text, string whatToDo)
    {
        Code = code;
        Text = text;
        WhatToDo = whatToDo;
    }

    /// <summary>Stable code, e.g. <c>SPACKMON001</c>.</summary>
    public string Code { get; }

    /// <summary>What happened (a composite format string).</summary>
    public string Text { get; }

    /// <summary>What to do about it.</summary>
    public string WhatToDo { get; }

    /// <summary>The full text with <paramref name="args"/> filled in: what happened, then what to do.</summary>
    public string Format(params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Text, args) + (WhatToDo.Length == 0 ? "" : " " + string.Format(CultureInfo.InvariantCulture, WhatToDo, args));
}

/// <summary>Every error and warning of the monitor tasks, in one place, each with its stable code.</summary>
public static class Messages
{
    /// <summary>Credentials missing: spack's exact sentence.</summary>
    public static readonly MonitorMessage CredentialsMissing = new("SPACKMON001",
        "You are required to export SPACKMON_TOKEN and SPACKMON_USER",
        "(spackmon add-user NAME prints a token; or build with -p:SpackMonitorDisableAuth=true for a server without authentication).");

    /// <summary>The service check failed; never softened by KeepGoing. {0} = URL and cause.</summary>
    public static readonly MonitorMessage ServiceUnavailable = new("SPACKMON002",
        "The Spack Monitor service check failed: {0}.",
        "Start the server or correct SpackMonitorHost/SpackMonitorPrefix; nothing was built (SpackMonitorKeepGoing does not apply to this check).");

    /// <summary>A request failed without KeepGoing. {0} = URL and cause, {1} = project.</summary>
    public static readonly MonitorMessage RequestFailed = new("SPACKMON003",
        "A request to the Spack Monitor failed for {1}: {0}.",
        "Check the server and SPACKMON_USER/SPACKMON_TOKEN, or build with -p:SpackMonitorKeepGoing=true to warn and go on.");

    /// <summary>The first request of a build that failed under KeepGoing (one warning per build). {0} = URL and cause, {1} = project, {2} = folder.</summary>
    public static readonly MonitorMessage RequestFailedKeepGoing = new("SPACKMON004",
        "A request to the Spack Monitor failed for {1}: {0}; the build goes on (SpackMonitorKeepGoing).",
        "What this build could not deliver, from now on for every project, is saved in {2}: send it later with `spackmon upload {2} --host <url>`.");

    /// <summary>Every environment variable, the token included, goes into logs.</summary>
    public static readonly MonitorMessage AllEnvironmentLogged = new("SPACKMON005",
        "MSBUILDLOGALLENVIRONMENTVARIABLES=1 writes every environment variable into logs and binary logs, SPACKMON_TOKEN included.",
        "Unset MSBUILDLOGALLENVIRONMENTVARIABLES while monitoring, or do not share those logs.");

    /// <summary>The spec could not be computed. {0} = project, {1} = cause.</summary>
    public static readonly MonitorMessage SpecFailed = new("SPACKMON006",
        "The spec of {0} could not be computed: {1}.",
        "Run a restore (dotnet restore) and build again; if it persists, delete the project's obj folder.");

    /// <summary>Writing the save-local folder failed. {0} = folder, {1} = cause.</summary>
    public static readonly MonitorMessage SaveLocalFailed = new("SPACKMON007",
        "Could not write the save-local folder {0}: {1}.",
        "Check that the folder can be written, or set SpackMonitorSaveLocalDir to another one.");

    /// <summary>A phase's diagnostics could not be read. {0} = file, {1} = cause.</summary>
    public static readonly MonitorMessage DiagnosticsUnreadable = new("SPACKMON008",
        "The diagnostics file {0} could not be read: {1}.",
        "The phase is reported without its warnings and errors; a clean build rewrites the file.");

    /// <summary>The sender of a project did not finish in time. {0} = project, {1} = seconds.</summary>
    public static readonly MonitorMessage SendingUnfinished = new("SPACKMON009",
        "The Spack Monitor has not taken the record of {0} within {1:0} s.",
        "What is left is sent until the build ends; check the server, or raise SpackMonitorTimeout.");
}
