using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;
using Npes.Eds.Trust;

namespace Npes.Eds.Tests.BignEds;

/// <summary>
/// A throw-away bign PKI for one test: a bign root and issuing CA with unique names, leaves made to order and
/// bign-signed CRLs, all through .NET's builders with <see cref="BignSignatureGenerator"/>. It keeps every private key.
/// </summary>
internal sealed class BignTestPki : IDisposable
{
    public const X509KeyUsageFlags SigningUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    private readonly Dictionary<string, BignPrivateKey> _keys = new(StringComparer.Ordinal);

    public BignTestPki(DateTimeOffset now, DateTimeOffset? issuingNotAfter = null, string? rootName = null)
    {
        Now = now;
        var id = Guid.NewGuid().ToString("N")[..8];
        RootName = rootName ?? $"Test bign Root {id}";
        Root = CreateCa(TestPki.Name(RootName), null, now.AddDays(-10), now.AddYears(10));
        Issuing = CreateCa(TestPki.Name($"Test bign Issuing {id}"), Root, now.AddDays(-10), issuingNotAfter ?? now.AddYears(5));
    }

    public DateTimeOffset Now { get; }

    public string RootName { get; }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Issuing { get; }

    public TrustMaterial Trust(params byte[][] crls) => TrustMaterial.Create([Root], [Issuing], crls);

    /// <summary>The private key of a certificate this PKI issued (owned by the PKI).</summary>
    public BignPrivateKey KeyOf(X509Certificate2 certificate) => _keys[certificate.Thumbprint];

    /// <summary>A leaf with a bign key signed by the issuing CA (or <paramref name="issuer"/>), valid from a day ago for a year by default.</summary>
    public X509Certificate2 IssueLeaf(
        X509KeyUsageFlags? usage = SigningUsage,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        X500DistinguishedName? subject = null,
        X509Certificate2? issuer = null,
        Action<CertificateRequest>? customise = null)
    {
        var key = BignPrivateKey.Generate();
        var request = new CertificateRequest(subject ?? TestPki.Name($"bign Leaf {Guid.NewGuid():N}"), BignCertificates.CreatePublicKey(key.PublicKey), BignCertificates.BeltHashName);
        if (usage is { } flags)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, critical: true));
        }

        customise?.Invoke(request);
        return Sign(request, key, issuer ?? Issuing, notBefore ?? Now.AddDays(-1), notAfter ?? Now.AddYears(1));
    }

    /// <summary>A bign-signed CRL of the issuing CA (or <paramref name="issuer"/>) listing <paramref name="revoked"/>, DER.</summary>
    public byte[] Crl(
        IEnumerable<X509Certificate2>? revoked = null,
        DateTimeOffset? thisUpdate = null,
        DateTimeOffset? nextUpdate = null,
        X509Certificate2? issuer = null,
        BignPrivateKey? signingKey = null)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked ?? [])
        {
            builder.AddEntry(certificate, Now.AddHours(-1));
        }

        var signer = issuer ?? Issuing;
        var from = thisUpdate ?? Now.AddHours(-1);
        return builder.Build(
            signer.SubjectName,
            new BignSignatureGenerator(signingKey ?? KeyOf(signer)),
            1,
            nextUpdate ?? from.AddDays(30),
            BignCertificates.BeltHashName,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(signer, true, false),
            from);
    }

    public X509Certificate2 CreateCa(X500DistinguishedName subject, X509Certificate2? issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, bool isCa = true)
    {
        var key = BignPrivateKey.Generate();
        var request = new CertificateRequest(subject, BignCertificates.CreatePublicKey(key.PublicKey), BignCertificates.BeltHashName);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        return Sign(request, key, issuer, notBefore, notAfter);
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    private X509Certificate2 Sign(CertificateRequest request, BignPrivateKey key, X509Certificate2? issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (issuer is not null)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        }

        var generator = new BignSignatureGenerator(issuer is null ? key : KeyOf(issuer));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        var certificate = request.Create(issuer?.SubjectName ?? request.SubjectName, generator, notBefore, notAfter, serial);
        _keys[certificate.Thumbprint] = key;
        return certificate;
    }
}
