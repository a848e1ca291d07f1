using System.Diagnostics;
using System.Text;

namespace SpackMon.EndToEnd.Tests.Infrastructure;

/// <summary>What a finished child process left: its exit code and its stdout and stderr, interleaved as they came.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>A header and the whole output, for assertion messages.</summary>
    public string Describe() => $"`{CommandLine}` exited {ExitCode} after {Elapsed.TotalSeconds:0.0}s; output:\n{Output}";
}

/// <summary>
/// Runs a child process with an explicit environment, captures its output and kills its whole process tree when it
/// runs past its timeout (the test then fails with what the process printed so far).
/// </summary>
public static class ChildProcess
{
    /// <summary>Long enough for a first restore from the package mirror on a busy 2-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment.Clear();
        foreach (var (name, value) in environment)
            info.Environment[name] = value;

        var commandLine = string.Join(' ', new[] { fileName }.Concat(info.ArgumentList.Select(Quote)));
        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null)
                return;
            lock (output)
                output.AppendLine(line);
        }

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var limit = timeout ?? DefaultTimeout;
        using var expiry = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(expiry.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            string text;
            lock (output)
                text = output.ToString();
            throw new AssertFailedException($"`{commandLine}` did not finish within {limit.TotalSeconds:0}s and was killed; output so far:\n{text}");
        }

        // The parameterless wait drains the redirected streams after the exit.
        process.WaitForExit();
        lock (output)
            return new ProcessResult(commandLine, process.ExitCode, output.ToString(), clock.Elapsed);
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c == '"' || c == '\'') ? argument : $"'{argument}'";
}
