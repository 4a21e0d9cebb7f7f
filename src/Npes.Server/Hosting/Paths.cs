using Npes.Storage;

namespace Npes.Server.Hosting;

/// <summary>Relative paths in configuration are relative to the working tree (or, outside one, the current folder).</summary>
internal static class Paths
{
    public static string Resolve(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(path, RepositoryRoot.Find() ?? Directory.GetCurrentDirectory());
}
