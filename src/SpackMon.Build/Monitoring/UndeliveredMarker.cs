using SpackMon.Client;

namespace SpackMon.Build.Monitoring;

/// <summary>
/// The note, in a build's save-local folder, that the monitor failed during this build under KeepGoing. Every node of
/// a <c>-m</c> build shares the folder, so the note is how they agree: the node that creates it logs the build's one
/// warning, and from then on every node saves what it has to send there at once, instead of waiting for the server again.
/// </summary>
public static class UndeliveredMarker
{
    /// <summary>The note's file name; <c>spackmon upload</c> reads only <c>.json</c> files and ignores it.</summary>
    public const string FileName = "undelivered.txt";

    /// <summary>Whether the monitor already failed in the build that saves to <paramref name="folder"/>.</summary>
    public static bool Exists(string folder) => folder.Length > 0 && File.Exists(Path.Combine(folder, FileName));

    /// <summary>Writes the note with <paramref name="reason"/>; true only for the one caller, of any node, that created it.</summary>
    public static bool TryCreate(string folder, string reason)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        try
        {
            using var note = new StreamWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read));
            note.WriteLine(OutputRedactor.Redact(reason));
            note.WriteLine("What could not be delivered is in this folder: send it with `spackmon upload " + folder + " --host <url>`.");
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }
}
