namespace Npes.Cli;

/// <summary>Writing what the CLI saves: whole files, replaced atomically, folders created as needed.</summary>
internal static class Files
{
    public static async Task WriteAsync(FileInfo file, byte[] content, CancellationToken cancellationToken)
    {
        var temp = file.FullName + ".tmp";
        try
        {
            file.Directory?.Create();
            await File.WriteAllBytesAsync(temp, content, cancellationToken);
            File.Move(temp, file.FullName, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write {file.FullName}: {e.Message}", e);
        }
    }
}
