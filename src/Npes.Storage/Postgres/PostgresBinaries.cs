using System.Globalization;

namespace Npes.Storage.Postgres;

/// <summary>Finds initdb and pg_ctl: an explicit folder, then PATH, then Debian's versioned folders.</summary>
public sealed record PostgresBinaries(string Directory)
{
    /// <summary>Where Debian's postgresql packages install the server binaries, one folder per major version.</summary>
    public const string DebianRoot = "/usr/lib/postgresql";

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    /// <summary>Another tool of the same installation, e.g. <c>pgbench</c>.</summary>
    public string Tool(string name) => Path.Combine(Directory, name);

    /// <summary>
    /// The binaries to use, or null when none are installed. <paramref name="explicitDirectory"/> (configuration
    /// <c>Npes:Storage:PostgresBinDirectory</c>) wins; then PATH; then the highest version under <see cref="DebianRoot"/>.
    /// </summary>
    public static PostgresBinaries? Find(string? explicitDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return HasBoth(explicitDirectory) ? new PostgresBinaries(explicitDirectory) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (HasBoth(folder))
            {
                // A symlink on PATH (e.g. /usr/local/bin/initdb) leads to the real folder, where the other tools are too.
                var target = File.ResolveLinkTarget(Path.Combine(folder, "initdb"), returnFinalTarget: true);
                var real = target is null ? folder : Path.GetDirectoryName(target.FullName)!;
                return new PostgresBinaries(HasBoth(real) ? real : folder);
            }
        }

        if (!System.IO.Directory.Exists(DebianRoot))
        {
            return null;
        }

        var best = System.IO.Directory.EnumerateDirectories(DebianRoot)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(x => x.Version > 0 && HasBoth(x.Dir))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
        return best is null ? null : new PostgresBinaries(best);
    }

    private static bool HasBoth(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));
}
