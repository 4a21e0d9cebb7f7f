using Npgsql;

namespace Npes.Storage;

/// <summary>What NPES knows about its database's health: the private cluster's process, and whether requests reach it.</summary>
public sealed class DatabaseAvailability
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _downSince;
    private string? _reason;
    private long _restarts;
    private DateTimeOffset? _lastRestart;

    /// <summary>True unless the private cluster's postmaster is known to be down (a configured server is always presumed up here).</summary>
    public bool ClusterRunning
    {
        get
        {
            lock (_gate)
            {
                return _downSince is null;
            }
        }
    }

    /// <summary>How many times the supervisor restarted the private cluster since this process started.</summary>
    public long Restarts => Interlocked.Read(ref _restarts);

    /// <summary>A sentence for readiness: running, or down since when and why.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            var restarts = _lastRestart is null
                ? string.Empty
                : FormattableString.Invariant($" Restarted {_restarts} time(s), last at {_lastRestart:O}.");
            return _downSince is null
                ? "Private PostgreSQL running." + restarts
                : FormattableString.Invariant($"Private PostgreSQL down since {_downSince:O} ({_reason}); restarting it on the same data and port.") + restarts;
        }
    }

    internal void MarkDown(DateTimeOffset at, string reason)
    {
        lock (_gate)
        {
            _downSince ??= at;
            _reason = reason;
        }
    }

    internal void MarkRestarted(DateTimeOffset at)
    {
        lock (_gate)
        {
            _downSince = null;
            _reason = null;
            _lastRestart = at;
            _restarts++;
        }
    }

    /// <summary>
    /// Whether <paramref name="exception"/> (or one it wraps) says the database cannot be reached right now — refused
    /// or broken connections, a server shutting down, starting up or in recovery, no free connection — as opposed to
    /// a fault in the request or in NPES. Such a request changed nothing that a retry with the same Idempotency-Key
    /// could duplicate: either its transaction committed (the retry finds it) or it did not.
    /// </summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Postgres.PostgresUnavailableException:
                    return true;
                case PostgresException postgres:
                    // 08: connection exceptions; 57P01..57P05: admin/crash shutdown, cannot connect now, idle timeouts; 53300: too many connections.
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                        || postgres.SqlState == PostgresErrorCodes.TooManyConnections;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return false;
    }
}
