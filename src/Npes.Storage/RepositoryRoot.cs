namespace Npes.Storage;

/// <summary>Finds the working tree (the folder holding NPES.sln) from the current folder or the program's folder.</summary>
public static class RepositoryRoot
{
    public static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NPES.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
