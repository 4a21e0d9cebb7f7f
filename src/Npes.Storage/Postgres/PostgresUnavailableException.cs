namespace Npes.Storage.Postgres;

/// <summary>The private PostgreSQL cluster cannot be started; the message says what to install or configure.</summary>
public class PostgresUnavailableException : Exception
{
    public PostgresUnavailableException()
    {
    }

    public PostgresUnavailableException(string message)
        : base(message)
    {
    }

    public PostgresUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    internal static PostgresUnavailableException BinariesMissing() => new(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under "
        + PostgresBinaries.DebianRoot + "/<version>/bin. Install them with `apt-get install postgresql` "
        + "(Debian package 'postgresql'), set Npes:Storage:PostgresBinDirectory to their folder, "
        + "or point NPES at an existing server with ConnectionStrings:Npes (environment variable ConnectionStrings__Npes).");
}
