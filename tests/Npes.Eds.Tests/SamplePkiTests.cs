using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Pki;
using Npes.Eds.Trust;
using Npes.Eds.X509;
using Xunit;

namespace Npes.Eds.Tests;

public sealed class SamplePkiTests
{
    private static readonly string[] Entities =
        ["root-ca", "issuing-ca", "citizen-1", "citizen-2", "org-1", "org-2", "operator-1", "operator-service", "tls-localhost", "tsa"];

    private static readonly string[] BignEntities =
        ["bign-root-ca", "bign-issuing-ca", "bign-citizen-1", "bign-org-1", "bign-operator-service", "bign-tsa"];

    private static readonly string[] GostEntities = ["gost-root-ca", "gost-issuing-ca", "gost-org-1"];

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Ensure_EmptyDirectory_WritesEveryFile()
    {
        // Arrange
        using var dir = new TempDirectory();

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));

        // Assert
        var expected = Entities.SelectMany(e => new[] { e + ".crt", e + ".p12" })
            .Concat(BignEntities.Concat(GostEntities).SelectMany(e => new[] { e + ".crt", e + ".key" }))
            .Concat(["issuing-ca.crl", "chain.pem", "README.md", "bign-issuing-ca.crl", "bign-chain.pem", "gost-issuing-ca.crl", "gost-chain.pem"])
            .Order().ToList();
        Assert.Equal(expected, report.Written.Order().ToList());
        Assert.Empty(report.Kept);
        Assert.Equal(expected, Directory.GetFiles(dir.Path).Select(f => Path.GetFileName(f)).Order().ToList());
        var readme = File.ReadAllText(dir.File("README.md"));
        Assert.Contains("NOT FOR PRODUCTION", readme, StringComparison.Ordinal);
        Assert.Contains(SamplePki.DemoPassword, readme, StringComparison.Ordinal);
        Assert.Contains("npes pki sample --out certs-sample", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_OnlyTheOperatorServiceCertificates_CarryTheOperatorPolicy()
    {
        // Arrange
        using var dir = new TempDirectory();

        // Act
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));

        // Assert
        var identity = new Cms.OperatorIdentity(Cms.OperatorIdentity.DefaultPolicyOid, []);
        foreach (var entity in Entities.Concat(BignEntities).Concat(GostEntities))
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(dir.File(entity + ".crt")));
            var isOperator = entity is "operator-service" or "bign-operator-service";
            Assert.True(identity.HasPolicy(certificate) == isOperator, entity);
            Assert.True((identity.Problem(certificate) is null) == isOperator, entity);
        }
    }

    [Fact]
    public void Ensure_GeneratedLeaves_ValidateAgainstGeneratedRootWithCrl()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        var options = new EdsOptions();
        options.TrustAnchors.Add("root-ca.crt");
        options.Intermediates.Add("chain.pem");
        options.Crls.Add("issuing-ca.crl");
        var validator = new ChainValidator(TrustMaterial.Load(options, dir.Path));

        // Act
        var results = Entities.Skip(2).ToDictionary(
            e => e,
            e => validator.Validate(LoadCrt(dir, e), [], CertificatePurpose.Signature, Now.AddMinutes(1)));

        // Assert
        foreach (var (entity, result) in results.Where(r => r.Key != "tls-localhost"))
        {
            Assert.True(result.IsValid, $"{entity}: {result.Detail}");
            Assert.Equal(3, result.Chain.Count);
        }

        Assert.Equal(ChainStatus.WrongKeyUsage, results["tls-localhost"].Status);
        var tsaEku = LoadCrt(dir, "tsa").Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.True(tsaEku.Critical);
        Assert.Equal(["1.3.6.1.5.5.7.3.8"], tsaEku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
    }

    [Fact]
    public void Ensure_GeneratedLeaves_DescribeExpectedIdentities()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        var provider = new X509EdsProvider();

        // Act
        var identities = Entities.Skip(2).ToDictionary(e => e, e => provider.Describe(LoadCrt(dir, e)));

        // Assert
        Assert.Equal((SignerKind.Person, "Иванов Иван Иванович", "3140582A001PB1"), Person(identities["citizen-1"]));
        Assert.Equal((SignerKind.Person, "Петрова Анна Сергеевна", "4250793B002PB3"), Person(identities["citizen-2"]));
        Assert.Equal((SignerKind.Person, "Сидоров Пётр Николаевич", "3010185C003PB7"), Person(identities["operator-1"]));
        Assert.Equal((SignerKind.Organisation, "ОАО «Белтелеком»", "100289066"), Organisation(identities["org-1"]));
        Assert.Equal((SignerKind.Organisation, "ООО «Пример Плюс»", "191234567"), Organisation(identities["org-2"]));
        Assert.Equal(SignerKind.Unknown, identities["operator-service"].Kind);
        Assert.Equal("NPES Operator Service (SAMPLE)", identities["operator-service"].DisplayName);
    }

    [Fact]
    public void Ensure_LeafP12_HoldsOnlyItsOwnKeyAndSigns()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        var provider = new X509EdsProvider();

        // Act
        var bundle = X509CertificateLoader.LoadPkcs12CollectionFromFile(dir.File("citizen-1.p12"), SamplePki.DemoPassword);
        var leaf = Assert.Single(bundle, c => c.HasPrivateKey);
        var signature = provider.Sign(leaf, "вход"u8);

        // Assert
        Assert.Equal(3, bundle.Count);
        Assert.Equal(LoadCrt(dir, "citizen-1").Thumbprint, leaf.Thumbprint);
        Assert.True(provider.Verify(LoadCrt(dir, "citizen-1"), "вход"u8, signature));
    }

    [Fact]
    public void Ensure_SecondRun_WritesNothing()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        var before = Snapshot(dir);

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now.AddDays(1)));

        // Assert
        Assert.Empty(report.Written);
        Assert.Equal(before.Keys.Order(), report.Kept.Order());
        var after = Snapshot(dir);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, file => Assert.Equal(file.Value, after[file.Key]));
    }

    [Fact]
    public void Ensure_ThreeYearsLater_RegeneratesExpiredLeavesOnly()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        var before = Snapshot(dir);
        var later = Now.AddYears(3);

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(later));

        // Assert
        Assert.Contains("citizen-1.crt", report.Written);
        Assert.Contains("citizen-1.p12", report.Written);
        Assert.Contains("issuing-ca.crl", report.Written);
        Assert.Equal(
            ["README.md", "bign-chain.pem", "bign-issuing-ca.crt", "bign-issuing-ca.key", "bign-root-ca.crt", "bign-root-ca.key",
                "chain.pem", "gost-chain.pem", "gost-issuing-ca.crt", "gost-issuing-ca.key", "gost-root-ca.crt", "gost-root-ca.key",
                "issuing-ca.crt", "issuing-ca.p12", "root-ca.crt", "root-ca.p12"],
            report.Kept.Order(StringComparer.Ordinal));
        Assert.Contains("bign-citizen-1.key", report.Written);
        Assert.Contains("bign-issuing-ca.crl", report.Written);
        Assert.NotEqual(before["citizen-1.crt"], File.ReadAllBytes(dir.File("citizen-1.crt")));
        Assert.Equal(before["root-ca.p12"], File.ReadAllBytes(dir.File("root-ca.p12")));
        var trust = TrustMaterial.Create([LoadCrt(dir, "root-ca")], [LoadCrt(dir, "issuing-ca")], [File.ReadAllBytes(dir.File("issuing-ca.crl"))]);
        Assert.True(new ChainValidator(trust).Validate(LoadCrt(dir, "citizen-1"), [], CertificatePurpose.Signature, later).IsValid);
    }

    [Fact]
    public void Ensure_RootKeyMissing_ReissuesEverythingUnderIt()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        File.Delete(dir.File("root-ca.p12"));

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));

        // Assert: the bign and GOST hierarchies have their own roots and are kept
        var keyFileHierarchies = BignEntities.Concat(GostEntities).SelectMany(e => new[] { e + ".crt", e + ".key" })
            .Concat(["bign-issuing-ca.crl", "bign-chain.pem", "gost-issuing-ca.crl", "gost-chain.pem"]);
        Assert.Equal(keyFileHierarchies.Append("README.md").Order(StringComparer.Ordinal), report.Kept.Order(StringComparer.Ordinal));
        Assert.Equal((Entities.Length * 2) + 2, report.Written.Count);
    }

    [Fact]
    public void Ensure_CorruptedLeaf_RewritesOnlyThatLeaf()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        File.WriteAllText(dir.File("org-2.crt"), "not a certificate");

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));

        // Assert
        Assert.Equal(["org-2.crt", "org-2.p12"], report.Written.Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Ensure_GeneratedCertificates_AcceptedByOpenSslVerify()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));

        // Act
        var (exitCode, output) = OpenSsl.Run(dir.Path, "verify", "-CAfile", "root-ca.crt", "-untrusted", "issuing-ca.crt", "citizen-1.crt");

        // Assert
        Assert.True(exitCode == 0, output);
        Assert.Contains("citizen-1.crt: OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_GeneratedP12_ReadableByOpenSsl()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));

        // Act
        var (exitCode, output) = OpenSsl.Run(dir.Path, "pkcs12", "-in", "citizen-1.p12", "-passin", "pass:" + SamplePki.DemoPassword, "-nokeys");

        // Assert
        Assert.True(exitCode == 0, output);
        Assert.Contains("BEGIN CERTIFICATE", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_GeneratedCrl_AcceptedByOpenSsl()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));

        // Act
        var (exitCode, output) = OpenSsl.Run(dir.Path, "verify", "-crl_check", "-CAfile", "root-ca.crt", "-untrusted", "issuing-ca.crt", "-CRLfile", "issuing-ca.crl", "citizen-2.crt");

        // Assert
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Ensure_NullTime_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => SamplePki.Ensure(Path.GetTempPath(), null!));
        Assert.Equal("time", error.ParamName);
    }

    [Fact]
    public void Ensure_BlankDirectory_ThrowsArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => SamplePki.Ensure(" ", TimeProvider.System));
        Assert.Equal("directory", error.ParamName);
    }

    private static X509Certificate2 LoadCrt(TempDirectory dir, string entity) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(dir.File(entity + ".crt")));

    private static (SignerKind, string, string?) Person(SignerIdentity identity) => (identity.Kind, identity.DisplayName, identity.PersonalNumber);

    private static (SignerKind, string, string?) Organisation(SignerIdentity identity) => (identity.Kind, identity.DisplayName, identity.Unp);

    private static Dictionary<string, byte[]> Snapshot(TempDirectory dir) =>
        Directory.GetFiles(dir.Path).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
}
