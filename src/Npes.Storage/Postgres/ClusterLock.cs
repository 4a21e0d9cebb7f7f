using System.Globalization;
using System.Text;

namespace Npes.Storage.Postgres;

/// <summary>
/// Ownership of a private cluster's folder by one process: an exclusive OS lock (flock) on <c>npes.lock</c>, which the
/// operating system releases when the process ends, however it ends. Beside it <c>npes.owner</c> names the owner
/// (process id, addresses) so that a second process can say who holds the folder. Only the owner starts, adopts,
/// restarts or stops the cluster in that folder.
/// </summary>
internal sealed class ClusterLock : IDisposable
{
    public const string LockFileName = "npes.lock";
    public const string OwnerFileName = "npes.owner";
    private const int MaxOwnerFileBytes = 4096;

    private readonly FileStream _lock;
    private readonly string _ownerFile;
    private bool _released;

    private ClusterLock(FileStream @lock, string ownerFile)
    {
        _lock = @lock;
        _ownerFile = ownerFile;
    }

    /// <summary>Takes the folder for this process, or refuses with the running owner's description.</summary>
    /// <exception cref="ClusterInUseException">Another live process holds the folder.</exception>
    public static ClusterLock Acquire(string folder)
    {
        Directory.CreateDirectory(folder);
        var lockFile = Path.Combine(folder, LockFileName);
        var ownerFile = Path.Combine(folder, OwnerFileName);
        FileStream stream;
        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix; a second holder gets a sharing violation at once.
            stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new ClusterInUseException(folder, ReadOwner(ownerFile), e);
        }

        var held = new ClusterLock(stream, ownerFile);
        held.RecordOwner(addresses: null);
        return held;
    }

    /// <summary>Writes who holds the folder: this process' id and, once known, the addresses it serves.</summary>
    public void RecordOwner(string? addresses)
    {
        if (_released)
        {
            return;
        }

        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"pid={Environment.ProcessId}\n")
            .Append(CultureInfo.InvariantCulture, $"urls={addresses ?? "(starting)"}\n")
            .Append(CultureInfo.InvariantCulture, $"since={DateTimeOffset.UtcNow:O}\n")
            .ToString();
        var temporary = _ownerFile + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, _ownerFile, overwrite: true);
    }

    public void Dispose()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        try
        {
            File.Delete(_ownerFile);
        }
        catch (IOException)
        {
            // The lock below is what counts; a stale owner file is only a description.
        }
        catch (UnauthorizedAccessException)
        {
        }

        _lock.Dispose();
    }

    /// <summary>The owner's description as written by <see cref="RecordOwner"/>, or null when unreadable.</summary>
    private static ClusterOwner? ReadOwner(string ownerFile)
    {
        try
        {
            var info = new FileInfo(ownerFile);
            if (!info.Exists || info.Length > MaxOwnerFileBytes)
            {
                return null;
            }

            int? pid = null;
            string? urls = null;
            foreach (var line in File.ReadAllLines(ownerFile))
            {
                if (line.StartsWith("pid=", StringComparison.Ordinal)
                    && int.TryParse(line.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    pid = value;
                }
                else if (line.StartsWith("urls=", StringComparison.Ordinal))
                {
                    urls = line[5..];
                }
            }

            return pid is null ? null : new ClusterOwner(pid.Value, urls);
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

/// <summary>The process holding a private cluster's folder.</summary>
/// <param name="ProcessId">Its process id.</param>
/// <param name="Addresses">The addresses it serves, or "(starting)"; null when it did not say.</param>
public sealed record ClusterOwner(int ProcessId, string? Addresses);

/// <summary>Another running process owns the private cluster's folder; this process must neither use nor stop it.</summary>
public sealed class ClusterInUseException : PostgresUnavailableException
{
    public ClusterInUseException()
    {
    }

    public ClusterInUseException(string message)
        : base(message)
    {
    }

    public ClusterInUseException(string message, Exception inner)
        : base(message, inner)
    {
    }

    internal ClusterInUseException(string folder, ClusterOwner? owner, Exception inner)
        : base(Describe(folder, owner), inner)
    {
        Owner = owner;
    }

    /// <summary>The owner as it described itself; null when it did not (yet).</summary>
    public ClusterOwner? Owner { get; }

    private static string Describe(string folder, ClusterOwner? owner)
    {
        var who = owner is null
            ? "another NPES server"
            : string.Create(CultureInfo.InvariantCulture, $"another NPES server (pid {owner.ProcessId}, listening on {owner.Addresses ?? "(unknown)"})");
        return $"the private PostgreSQL cluster in {folder} belongs to {who}. "
            + "Stop that server first, or give this one a folder of its own with Npes:Storage:DataRoot "
            + "(environment variable Npes__Storage__DataRoot), or a database with ConnectionStrings:Npes.";
    }
}
