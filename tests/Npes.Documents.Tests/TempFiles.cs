namespace Npes.Documents.Tests;

/// <summary>A private temporary folder, removed with the test.</summary>
internal sealed class TempFiles : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("npes-documents-test-").FullName;

    public string Write(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
