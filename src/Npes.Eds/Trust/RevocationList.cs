using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;
using Npes.Eds.GostEds;
using Npes.Eds.Stb;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Npes.Eds.Trust;

/// <summary>A parsed CRL (BouncyCastle: .NET has no CRL reader) with its revoked serials indexed.</summary>
internal sealed class RevocationList
{
    private readonly X509Crl _crl;
    private readonly Dictionary<BigInteger, DateTimeOffset> _revoked;

    private RevocationList(X509Crl crl, byte[] der, string source)
    {
        _crl = crl;
        Encoded = der;
        Source = source;
        ThisUpdate = new DateTimeOffset(DateTime.SpecifyKind(crl.ThisUpdate, DateTimeKind.Utc));
        NextUpdate = crl.NextUpdate is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null;

        // Entries naming another certificate issuer belong to an indirect CRL; they do not revoke this issuer's certificates.
        _revoked = (crl.GetRevokedCertificates() ?? new HashSet<X509CrlEntry>())
            .Where(e => e.GetCertificateIssuer() is not { } other || other.Equivalent(crl.IssuerDN, true))
            .GroupBy(e => e.SerialNumber)
            .ToDictionary(g => g.Key, g => g.Min(e => new DateTimeOffset(DateTime.SpecifyKind(e.RevocationDate, DateTimeKind.Utc))));
    }

    /// <summary>The CRL as DER, for embedding in evidence.</summary>
    public byte[] Encoded { get; }

    /// <summary>Where the CRL came from (a file path), for messages.</summary>
    public string Source { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset? NextUpdate { get; }

    /// <summary>Parses a DER CRL; throws <see cref="ArgumentException"/> naming <paramref name="source"/> when it is not one.</summary>
    public static RevocationList Parse(byte[] der, string source)
    {
        try
        {
            var crl = new X509CrlParser().ReadCrl(der)
                ?? throw new ArgumentException($"CRL '{source}' is empty.", nameof(der));
            return new RevocationList(crl, crl.GetEncoded(), source);
        }
        catch (Exception ex) when (IsBouncyCastleFailure(ex) && ex is not ArgumentException { ParamName: nameof(der) })
        {
            throw new ArgumentException($"CRL '{source}' is not a valid X.509 CRL.", nameof(der), ex);
        }
    }

    /// <summary>Whether the CRL names <paramref name="issuer"/> as its issuer (signature not checked).</summary>
    public bool NamesIssuer(X509Certificate2 issuer)
    {
        try
        {
            return _crl.IssuerDN.Equivalent(X509Name.GetInstance(Asn1Object.FromByteArray(issuer.SubjectName.RawData)), true);
        }
        catch (Exception ex) when (IsBouncyCastleFailure(ex))
        {
            return false;
        }
    }

    /// <summary>Whether the CRL's signature verifies with the public key of <paramref name="issuer"/>.</summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        // BouncyCastle knows neither bign keys nor bign-with-hbelt, and its SignerUtilities has no GOST R 34.10-2012 names:
        // such CRLs are checked by our own code.
        if (_crl.SigAlgOid is StbOids.BignWithHbelt or GostOids.SignWithDigest256 or GostOids.SignWithDigest512
            || BignCertificates.HasBignKey(issuer) || GostCertificates.HasGostKey(issuer))
        {
            return SignedObjects.IsSignedBy(_crl.GetEncoded(), issuer);
        }

        try
        {
            _crl.Verify(PublicKeyFactory.CreateKey(issuer.PublicKey.ExportSubjectPublicKeyInfo()));
            return true;
        }
        catch (Exception ex) when (IsBouncyCastleFailure(ex))
        {
            return false;
        }
    }

    public bool Lists(X509Certificate2 certificate) =>
        _revoked.ContainsKey(new BigInteger(certificate.SerialNumberBytes.ToArray()));

    /// <summary>When the CRL says <paramref name="certificate"/> was revoked, or null when it does not list it.</summary>
    public DateTimeOffset? RevokedAt(X509Certificate2 certificate) =>
        _revoked.TryGetValue(new BigInteger(certificate.SerialNumberBytes.ToArray()), out var at) ? at : null;

    /// <summary>Whether both are the same CRL (same DER).</summary>
    public bool SameAs(RevocationList other) => Encoded.AsSpan().SequenceEqual(other.Encoded);

    /// <summary>The exception types BouncyCastle throws for malformed input or a signature that does not verify.</summary>
    private static bool IsBouncyCastleFailure(Exception ex) => ex is GeneralSecurityException or SecurityUtilityException
        or CrlException or IOException or ArgumentException or InvalidCastException or InvalidOperationException
        or FormatException or IndexOutOfRangeException;
}
