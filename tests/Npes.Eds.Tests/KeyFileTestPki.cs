using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Trust;

namespace Npes.Eds.Tests;

/// <summary>How a <see cref="KeyFileTestPki{TKey}"/> makes keys and signs with them (bign, GOST).</summary>
/// <param name="ProviderId">The family's provider id.</param>
/// <param name="Label">Goes into the unique certificate names.</param>
/// <param name="NewKey">A fresh key; the argument says whether it is for a CA.</param>
/// <param name="PublicKeyOf">The key's public key for a certificate request.</param>
/// <param name="GeneratorOf">The key's signature generator.</param>
/// <param name="HashOf">The hash name .NET's builders pass to that generator.</param>
/// <param name="Encrypt">The family's key container of a key under a password.</param>
internal sealed record TestKeyFamily<TKey>(
    string ProviderId,
    string Label,
    Func<bool, TKey> NewKey,
    Func<TKey, PublicKey> PublicKeyOf,
    Func<TKey, X509SignatureGenerator> GeneratorOf,
    Func<TKey, HashAlgorithmName> HashOf,
    Func<TKey, string, byte[]> Encrypt)
    where TKey : IDisposable;

/// <summary>A <see cref="KeyFileTestPki{TKey}"/> of either family, for tests that hold for bign and GOST alike.</summary>
internal interface IKeyFileTestPki : IDisposable
{
    /// <summary>The provider id of the family: <c>bign</c> or <c>gost</c>.</summary>
    string ProviderId { get; }

    DateTimeOffset Now { get; }

    string RootName { get; }

    X509Certificate2 Root { get; }

    X509Certificate2 Issuing { get; }

    TrustMaterial Trust(params byte[][] crls);

    X509Certificate2 IssueLeaf(
        X509KeyUsageFlags? usage = KeyFileTestPki.SigningUsage,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        X500DistinguishedName? subject = null,
        X509Certificate2? issuer = null,
        Action<CertificateRequest>? customise = null);

    byte[] Crl(
        IEnumerable<X509Certificate2>? revoked = null,
        DateTimeOffset? thisUpdate = null,
        DateTimeOffset? nextUpdate = null,
        X509Certificate2? issuer = null,
        X509Certificate2? signedWithKeyOf = null);

    X509Certificate2 CreateCa(X500DistinguishedName subject, X509Certificate2? issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, bool isCa = true);

    /// <summary>The public key of a fresh leaf key (owned by the PKI), for certificates made by hand.</summary>
    PublicKey NewLeafPublicKey();

    /// <summary>The family's key container of the private key of <paramref name="certificate"/> (fast PBKDF2).</summary>
    byte[] KeyFile(X509Certificate2 certificate, string password);
}

/// <summary>Constants and the factory of the test PKIs of both families.</summary>
internal static class KeyFileTestPki
{
    public const X509KeyUsageFlags SigningUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    /// <summary>A test PKI of the family whose provider id is <paramref name="providerId"/>.</summary>
    public static IKeyFileTestPki Create(string providerId, DateTimeOffset now, DateTimeOffset? issuingNotAfter = null, string? rootName = null) =>
        providerId switch
        {
            "bign" => new BignEds.BignTestPki(now, issuingNotAfter, rootName),
            "gost" => new GostEds.GostTestPki(now, issuingNotAfter, rootName),
            _ => throw new ArgumentOutOfRangeException(nameof(providerId), providerId, "bign or gost"),
        };
}

/// <summary>
/// A throw-away PKI for one test whose keys are software keys of our own providers: a root and issuing CA with unique
/// names, leaves made to order and CRLs, all through .NET's builders with the family's signature generator. It keeps
/// every private key.
/// </summary>
internal class KeyFileTestPki<TKey> : IKeyFileTestPki
    where TKey : class, IDisposable
{
    public const X509KeyUsageFlags SigningUsage = KeyFileTestPki.SigningUsage;

    private readonly Dictionary<string, TKey> _keys = new(StringComparer.Ordinal);
    private readonly TestKeyFamily<TKey> _family;

    protected KeyFileTestPki(TestKeyFamily<TKey> family, DateTimeOffset now, DateTimeOffset? issuingNotAfter, string? rootName)
    {
        _family = family;
        Now = now;
        var id = Guid.NewGuid().ToString("N")[..8];
        RootName = rootName ?? $"Test {family.Label} Root {id}";
        Root = CreateCa(TestPki.Name(RootName), null, now.AddDays(-10), now.AddYears(10));
        Issuing = CreateCa(TestPki.Name($"Test {family.Label} Issuing {id}"), Root, now.AddDays(-10), issuingNotAfter ?? now.AddYears(5));
    }

    public string ProviderId => _family.ProviderId;

    public DateTimeOffset Now { get; }

    public string RootName { get; }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Issuing { get; }

    public TrustMaterial Trust(params byte[][] crls) => TrustMaterial.Create([Root], [Issuing], crls);

    /// <summary>The private key of a certificate this PKI issued (owned by the PKI).</summary>
    public TKey KeyOf(X509Certificate2 certificate) => _keys[certificate.Thumbprint];

    /// <summary>A leaf signed by the issuing CA (or <paramref name="issuer"/>), valid from a day ago for a year by default.</summary>
    public X509Certificate2 IssueLeaf(
        X509KeyUsageFlags? usage = SigningUsage,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        X500DistinguishedName? subject = null,
        X509Certificate2? issuer = null,
        Action<CertificateRequest>? customise = null)
    {
        var key = _family.NewKey(false);
        var signer = issuer ?? Issuing;
        var request = new CertificateRequest(
            subject ?? TestPki.Name($"{_family.Label} Leaf {Guid.NewGuid():N}"), _family.PublicKeyOf(key), _family.HashOf(KeyOf(signer)));
        if (usage is { } flags)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, critical: true));
        }

        customise?.Invoke(request);
        return Sign(request, key, signer, notBefore ?? Now.AddDays(-1), notAfter ?? Now.AddYears(1));
    }

    /// <summary>
    /// A CRL of the issuing CA (or <paramref name="issuer"/>) listing <paramref name="revoked"/>, DER, signed with the
    /// issuer's key or with the key of <paramref name="signedWithKeyOf"/>.
    /// </summary>
    public byte[] Crl(
        IEnumerable<X509Certificate2>? revoked = null,
        DateTimeOffset? thisUpdate = null,
        DateTimeOffset? nextUpdate = null,
        X509Certificate2? issuer = null,
        X509Certificate2? signedWithKeyOf = null)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked ?? [])
        {
            builder.AddEntry(certificate, Now.AddHours(-1));
        }

        var signer = issuer ?? Issuing;
        var key = KeyOf(signedWithKeyOf ?? signer);
        var from = thisUpdate ?? Now.AddHours(-1);
        return builder.Build(
            signer.SubjectName,
            _family.GeneratorOf(key),
            1,
            nextUpdate ?? from.AddDays(30),
            _family.HashOf(key),
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(signer, true, false),
            from);
    }

    public X509Certificate2 CreateCa(X500DistinguishedName subject, X509Certificate2? issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, bool isCa = true)
    {
        var key = _family.NewKey(true);
        var request = new CertificateRequest(subject, _family.PublicKeyOf(key), _family.HashOf(issuer is null ? key : KeyOf(issuer)));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        return Sign(request, key, issuer, notBefore, notAfter);
    }

    public PublicKey NewLeafPublicKey()
    {
        var key = _family.NewKey(false);
        _keys[Guid.NewGuid().ToString("N")] = key;
        return _family.PublicKeyOf(key);
    }

    public byte[] KeyFile(X509Certificate2 certificate, string password) => _family.Encrypt(KeyOf(certificate), password);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var key in _keys.Values)
            {
                key.Dispose();
            }
        }
    }

    private X509Certificate2 Sign(CertificateRequest request, TKey key, X509Certificate2? issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (issuer is not null)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        }

        var generator = _family.GeneratorOf(issuer is null ? key : KeyOf(issuer));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        var certificate = request.Create(issuer?.SubjectName ?? request.SubjectName, generator, notBefore, notAfter, serial);
        _keys[certificate.Thumbprint] = key;
        return certificate;
    }
}
