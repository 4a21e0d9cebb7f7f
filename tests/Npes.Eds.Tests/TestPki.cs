using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Trust;

namespace Npes.Eds.Tests;

/// <summary>
/// A throw-away PKI for one test: a root and an issuing CA with unique names, leaves made to order, and CRLs.
/// Certificates are signed with <see cref="X509SignatureGenerator"/> so a test may build any validity it needs.
/// </summary>
internal sealed class TestPki
{
    public const X509KeyUsageFlags SigningUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    public TestPki(DateTimeOffset now, DateTimeOffset? issuingNotAfter = null, string? rootName = null)
    {
        Now = now;
        var id = Guid.NewGuid().ToString("N")[..8];
        RootName = rootName ?? $"Test Root {id}";
        Root = CreateCa(Name(RootName), null, now.AddDays(-10), now.AddYears(10));
        Issuing = CreateCa(Name($"Test Issuing {id}"), Root, now.AddDays(-10), issuingNotAfter ?? now.AddYears(5));
    }

    public DateTimeOffset Now { get; }

    public string RootName { get; }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Issuing { get; }

    public static X500DistinguishedName Name(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("BY");
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    public TrustMaterial Trust(params byte[][] crls) => TrustMaterial.Create([Root], [Issuing], crls);

    /// <summary>A leaf signed by the issuing CA (or <paramref name="issuer"/>), valid from a day ago for a year by default.</summary>
    public X509Certificate2 IssueLeaf(
        X509KeyUsageFlags? usage = SigningUsage,
        string[]? extendedUsages = null,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        X500DistinguishedName? subject = null,
        X509Certificate2? issuer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject ?? Name($"Leaf {Guid.NewGuid():N}"), key, HashAlgorithmName.SHA256);
        if (usage is { } flags)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, critical: true));
        }

        if (extendedUsages is not null)
        {
            var oids = new OidCollection();
            foreach (var oid in extendedUsages)
            {
                oids.Add(new Oid(oid));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        }

        return Sign(request, key, issuer ?? Issuing, notBefore ?? Now.AddDays(-1), notAfter ?? Now.AddYears(1));
    }

    /// <summary>A CRL of the issuing CA (or <paramref name="issuer"/>) listing <paramref name="revoked"/>, DER.</summary>
    public byte[] Crl(
        IEnumerable<X509Certificate2>? revoked = null,
        DateTimeOffset? thisUpdate = null,
        DateTimeOffset? nextUpdate = null,
        X509Certificate2? issuer = null)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked ?? [])
        {
            builder.AddEntry(certificate, Now.AddHours(-1));
        }

        var signer = issuer ?? Issuing;
        using var key = signer.GetECDsaPrivateKey()!;
        var from = thisUpdate ?? Now.AddHours(-1);
        return builder.Build(
            signer.SubjectName,
            X509SignatureGenerator.CreateForECDsa(key),
            1,
            nextUpdate ?? from.AddDays(30),
            HashAlgorithmName.SHA256,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(signer, true, false),
            from);
    }

    public static X509Certificate2 CreateCa(
        X500DistinguishedName subject, X509Certificate2? issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        return Sign(request, key, issuer, notBefore, notAfter);
    }

    /// <summary>A self-signed certificate with an ECDSA key on <paramref name="curve"/>, with its private key.</summary>
    public static X509Certificate2 SelfSignedEcdsa(ECCurve curve, X500DistinguishedName? subject = null)
    {
        using var key = ECDsa.Create(curve);
        var request = new CertificateRequest(subject ?? Name("Self-signed ECDSA"), key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A self-signed certificate with an RSA key of <paramref name="bits"/>, with its private key.</summary>
    public static X509Certificate2 SelfSignedRsa(int bits)
    {
        using var key = RSA.Create(bits);
        var request = new CertificateRequest(Name("Self-signed RSA"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>The certificate without its private key.</summary>
    public static X509Certificate2 PublicOnly(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadCertificate(certificate.RawData);

    private static X509Certificate2 Sign(
        CertificateRequest request, ECDsa key, X509Certificate2? issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (issuer is not null)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        }

        using var issuerKey = issuer?.GetECDsaPrivateKey();
        var generator = X509SignatureGenerator.CreateForECDsa(issuerKey ?? key);
        using var certificate = request.Create(
            issuer?.SubjectName ?? request.SubjectName, generator, notBefore, notAfter, Positive(RandomNumberGenerator.GetBytes(16)));
        return certificate.CopyWithPrivateKey(key);
    }

    private static byte[] Positive(byte[] serial)
    {
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}

internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "npes-eds-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
