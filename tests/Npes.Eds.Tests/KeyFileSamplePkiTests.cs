using Npes.Eds.BignEds;
using Npes.Eds.GostEds;
using Npes.Eds.Pki;
using Npes.Eds.Tests.BignEds;
using Xunit;

namespace Npes.Eds.Tests;

/// <summary>
/// The hierarchies of the sample PKI whose keys are key containers (bign and GOST): renewed by the same rules as the ECDSA
/// files, each independently of the others.
/// </summary>
public sealed class KeyFileSamplePkiTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>File prefix, a leaf with a key file, and how many files the hierarchy has (2 per entity, CRL, chain file).</summary>
    public static TheoryData<string, string, int> Hierarchies() => new()
    {
        { "bign-", SamplePki.BignOrganisation, 14 },
        { "gost-", SamplePki.GostOrganisation, 8 },
    };

    [Theory]
    [MemberData(nameof(Hierarchies))]
    public void Ensure_DirectoryWithoutTheHierarchy_AddsItAndKeepsTheOtherFilesUnchanged(string prefix, string leaf, int files)
    {
        // Arrange: a directory as a version before the hierarchy wrote it
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        foreach (var file in Directory.GetFiles(dir.Path, prefix + "*"))
        {
            File.Delete(file);
        }

        var before = Directory.GetFiles(dir.Path).Where(f => !f.EndsWith("README.md", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now.AddHours(1)));

        // Assert
        Assert.Equal(files, report.Written.Count);
        Assert.All(report.Written, f => Assert.StartsWith(prefix, f, StringComparison.Ordinal));
        Assert.Contains(leaf + SamplePki.KeyFileExtension, report.Written);
        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(dir.File(file.Key))));
    }

    [Theory]
    [MemberData(nameof(Hierarchies))]
    public void Ensure_CorruptedLeafKey_RewritesOnlyThatEntity(string prefix, string leaf, int files)
    {
        // Arrange
        Assert.True(files > 2 && leaf.StartsWith(prefix, StringComparison.Ordinal));
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        File.WriteAllText(dir.File(leaf + SamplePki.KeyFileExtension), "not a key");

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));

        // Assert
        Assert.Equal([leaf + ".crt", leaf + SamplePki.KeyFileExtension], report.Written.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Hierarchies))]
    public void Ensure_RootKeyMissing_ReissuesThatHierarchyOnly(string prefix, string leaf, int files)
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        var oldLeaf = File.ReadAllBytes(dir.File(leaf + ".crt"));
        File.Delete(dir.File(prefix + "root-ca" + SamplePki.KeyFileExtension));

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));

        // Assert
        Assert.Equal(files, report.Written.Count);
        Assert.Contains(prefix + "chain.pem", report.Written);
        Assert.All(report.Written, f => Assert.StartsWith(prefix, f, StringComparison.Ordinal));
        Assert.NotEqual(oldLeaf, File.ReadAllBytes(dir.File(leaf + ".crt")));
    }

    [Theory]
    [MemberData(nameof(Hierarchies))]
    public void Ensure_KeyFiles_OwnerOnlyAndOpenWithDemoPasswordMatchingTheirCertificates(string prefix, string leaf, int files)
    {
        // Arrange
        Assert.True(files > 2);
        using var pki = new SamplePkiFixture();
        using var provider = prefix == "bign-" ? (IDisposable)new BignEdsProvider() : new GostEdsProvider();
        var entities = Directory.GetFiles(pki.Path, prefix + "*" + SamplePki.KeyFileExtension).Select(f => Path.GetFileNameWithoutExtension(f)).ToList();

        // Act & Assert
        Assert.Contains(leaf, entities);
        Assert.Equal((files - 2) / 2, entities.Count);
        foreach (var entity in entities)
        {
            using var certificate = pki.Crt(entity);
            ((IEdsKeyStore)provider).ImportKey(certificate, pki.Key(entity), SamplePki.DemoPassword);
            var signature = ((IEdsProvider)provider).Sign(certificate, "проверка"u8);
            Assert.True(((IEdsProvider)provider).Verify(certificate, "проверка"u8, signature), entity);
            Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(pki.File(entity + SamplePki.KeyFileExtension)), StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pki.File(entity + SamplePki.KeyFileExtension)));
        }
    }
}
