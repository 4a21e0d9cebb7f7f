using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds.Cms;

/// <summary>
/// What the built-in TSAs (ECDSA and bign) and <see cref="CmsVerifier"/> share about RFC 3161 tokens: the TSTInfo the
/// TSAs write, the rule for a TSA certificate, and the check of a token signed with bign, which .NET decodes but
/// cannot verify.
/// </summary>
internal static class TimestampTokens
{
    public const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";

    /// <summary>The rule of RFC 3161 §2.3, in messages.</summary>
    public const string TimeStampingRule = "exactly one, critical, extended key usage: timeStamping (RFC 3161 §2.3)";

    /// <summary>Whether <paramref name="certificate"/> has one EKU extension, critical, with timeStamping as its only purpose.</summary>
    public static bool HasTimeStampingUsage(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        return usages is [{ Critical: true } eku] && eku.EnhancedKeyUsages is [{ Value: TimeStampingOid }];
    }

    /// <summary>Throws the <see cref="ArgumentException"/> of a TSA constructor when <paramref name="certificate"/> breaks <see cref="TimeStampingRule"/>.</summary>
    public static void RequireTimeStampingUsage(X509Certificate2 certificate, string paramName)
    {
        if (!HasTimeStampingUsage(certificate))
        {
            throw new ArgumentException($"The TSA certificate {certificate.Subject} must have {TimeStampingRule}.", paramName);
        }
    }

    /// <summary>The TSA policy, refused at construction when it is not an object identifier.</summary>
    public static Oid Policy(string policyOid, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyOid, paramName);
        try
        {
            new AsnWriter(AsnEncodingRules.DER).WriteObjectIdentifier(policyOid);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The TSA policy '{policyOid}' is not an object identifier.", paramName, e);
        }

        return new Oid(policyOid);
    }

    /// <summary>
    /// DER TSTInfo (version 1) over a SHA-256 hash: <paramref name="policy"/>, a random positive 16-byte serial,
    /// genTime <paramref name="now"/>, accuracy one second.
    /// </summary>
    public static byte[] EncodeTstInfo(ReadOnlyMemory<byte> sha256, Oid policy, DateTimeOffset now)
    {
        if (sha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("A timestamp request carries a SHA-256 hash of 32 bytes.", nameof(sha256));
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40); // positive and minimal in DER: no leading zero byte
        var info = new Rfc3161TimestampTokenInfo(
            policy,
            new Oid(Asn.Sha256Oid),
            sha256,
            serial,
            now,
            accuracyInMicroseconds: 1_000_000);
        return info.Encode();
    }

    /// <summary>
    /// Decodes a token whose one signer is bign (its algorithms or the key of the certificate it carries); false for any
    /// other token, which is .NET's to check. <see cref="Rfc3161TimestampToken.TryDecode"/> refuses a bign token that
    /// carries its TSA certificate: it checks the signature with that certificate, and .NET knows no bign.
    /// </summary>
    public static bool TryDecodeBign(ReadOnlyMemory<byte> encodedToken, [NotNullWhen(true)] out SignedCms? token)
    {
        token = null;
        var decoded = new SignedCms();
        X509Certificate2? tsaCertificate;
        try
        {
            decoded.Decode(encodedToken.Span);
            // Certificates are decoded only when looked up: a damaged one throws here, not in Decode.
            tsaCertificate = decoded.SignerInfos.Count == 1 ? decoded.SignerInfos[0].Certificate : null;
        }
        catch (CryptographicException)
        {
            return false;
        }

        if (tsaCertificate is null || !BignCms.IsBign(decoded.SignerInfos[0], tsaCertificate))
        {
            return false;
        }

        token = decoded;
        return true;
    }

    /// <summary>
    /// Checks a bign token (<see cref="TryDecodeBign"/>) over <paramref name="signatureValue"/>, as .NET checks the tokens it
    /// can: eContentType id-ct-TSTInfo with a TSTInfo .NET decodes, a message imprint that is SHA-256 of the signature
    /// value, a TSA certificate for time-stamping only and named by the ESS signing-certificate-v2 attribute, and a bign
    /// CMS signature that verifies. Returns null and the token's genTime when it does, otherwise what is wrong; the TSA
    /// chain is the caller's to check.
    /// </summary>
    public static string? VerifyBign(SignedCms token, ReadOnlyMemory<byte> encodedToken, ReadOnlySpan<byte> signatureValue, out DateTimeOffset genTime)
    {
        ArgumentNullException.ThrowIfNull(token);
        genTime = default;
        var signerInfo = token.SignerInfos[0];
        var tsaCertificate = signerInfo.Certificate!;
        var content = token.ContentInfo.Content;
        if (token.ContentInfo.ContentType.Value != Asn.TstInfoContentType)
        {
            return $"the signature timestamp encapsulates {token.ContentInfo.ContentType.Value}, not a TSTInfo ({Asn.TstInfoContentType})";
        }

        if (!Rfc3161TimestampTokenInfo.TryDecode(content, out var info, out var consumed) || consumed != content.Length)
        {
            return "the TSTInfo of the signature timestamp cannot be decoded";
        }

        if (info.HashAlgorithmId.Value != Asn.Sha256Oid
            || !CryptographicOperations.FixedTimeEquals(info.GetMessageHash().Span, SHA256.HashData(signatureValue)))
        {
            return "the signature timestamp does not match the signature: its message imprint is not SHA-256 of the signature value";
        }

        if (!HasTimeStampingUsage(tsaCertificate))
        {
            return $"the TSA certificate {tsaCertificate.Subject} does not have {TimeStampingRule}";
        }

        if (!NamesCertificate(signerInfo, tsaCertificate))
        {
            return $"the ESS signing-certificate-v2 attribute of the signature timestamp does not name the TSA certificate {tsaCertificate.Subject} by its SHA-256 hash";
        }

        if (BignCms.Verify(encodedToken, null, tsaCertificate) is { } problem)
        {
            return $"the TSA signature of the signature timestamp does not verify: {problem}";
        }

        genTime = info.Timestamp;
        return null;
    }

    /// <summary>
    /// Whether the one signing-certificate-v2 attribute names <paramref name="certificate"/> first: ESSCertIDv2 with
    /// SHA-256 (stated or by default) over its DER (RFC 5035); the rest of the attribute is not used.
    /// </summary>
    private static bool NamesCertificate(SignerInfo signerInfo, X509Certificate2 certificate)
    {
        var attributes = signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>().Where(a => a.Oid.Value == Asn.SigningCertificateV2Oid).ToList();
        if (attributes is not [{ Values: [var value] }])
        {
            return false;
        }

        try
        {
            var ids = new AsnReader(value.RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence();
            var id = ids.ReadSequence();
            if (id.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var algorithm = id.ReadSequence();
                if (algorithm.ReadObjectIdentifier() != Asn.Sha256Oid)
                {
                    return false;
                }
            }

            return CryptographicOperations.FixedTimeEquals(id.ReadOctetString(), SHA256.HashData(certificate.RawData));
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
