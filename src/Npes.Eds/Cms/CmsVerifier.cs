using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Trust;

namespace Npes.Eds.Cms;

/// <summary>The outcome of checking a CMS signature, its certificate chain and its timestamp.</summary>
/// <param name="Failure">Null when valid; otherwise the first problem found, precisely.</param>
/// <param name="Signer">The signer's certificate, when it could be found.</param>
/// <param name="Content">The signed content (attached, or the detached content supplied).</param>
/// <param name="TimestampedAt">The TSA's time, when a valid timestamp is present.</param>
public sealed record CmsVerification(string? Failure, X509Certificate2? Signer, byte[]? Content, DateTimeOffset? TimestampedAt)
{
    public bool IsValid => Failure is null;
}

/// <summary>
/// Verifies CMS signatures made by <see cref="IEvidenceSigner"/> (and by anyone using the same profile): ECDSA or RSA
/// with SHA-2, bign-with-hbelt with belt-hash, or GOST R 34.10-2012 with Streebog.
/// </summary>
public sealed class CmsVerifier(IChainValidator chains)
{
    /// <summary>CMS larger than this is refused before parsing.</summary>
    public const int MaxCmsBytes = 1024 * 1024;

    /// <param name="cms">DER CMS SignedData.</param>
    /// <param name="detachedContent">The content, when the CMS is detached.</param>
    /// <param name="requireTimestamp">Whether a valid RFC 3161 signature timestamp must be present.</param>
    /// <param name="revocation">CRLs that came with the evidence, offered to the chain checks of the signer and the TSA.</param>
    public CmsVerification Verify(byte[] cms, byte[]? detachedContent, bool requireTimestamp, Trust.RevocationEvidence? revocation = null)
    {
        ArgumentNullException.ThrowIfNull(cms);
        if (cms.Length > MaxCmsBytes)
        {
            return Fail($"the CMS is larger than {MaxCmsBytes} bytes");
        }

        var signed = detachedContent is null ? new SignedCms() : new SignedCms(new ContentInfo(detachedContent), detached: true);
        try
        {
            signed.Decode(cms);
        }
        catch (CryptographicException e)
        {
            return Fail("the CMS cannot be decoded: " + e.Message);
        }

        if (signed.SignerInfos.Count != 1)
        {
            return Fail($"the CMS has {signed.SignerInfos.Count} signers; exactly one is expected");
        }

        var signerInfo = signed.SignerInfos[0];
        X509Certificate2? signer;
        try
        {
            // Certificates are decoded only when looked up: a damaged one throws here, not in Decode.
            signer = signerInfo.Certificate;
        }
        catch (CryptographicException e)
        {
            return Fail("the CMS carries a certificate that cannot be decoded: " + e.Message);
        }

        if (signer is null)
        {
            return Fail("the CMS does not carry its signer's certificate");
        }

        // .NET verifies the algorithms it knows; bign (STB 34.101.45) and GOST R 34.10-2012 signers are checked by our own reader.
        var problem = BignCms.IsBign(signerInfo, signer) ? BignCms.Verify(cms, detachedContent, signer)
            : GostCms.IsGost(signerInfo, signer) ? GostCms.Verify(cms, detachedContent, signer)
            : CheckWithDotNet(signerInfo);
        if (problem is not null)
        {
            return Fail($"the signature of {signer.Subject} does not verify: {problem}", signer);
        }

        if (SigningCertificateProblem(signerInfo, signer) is { } substituted)
        {
            return Fail(substituted, signer);
        }

        DateTimeOffset? timestampedAt = null;
        var tokenAttribute = signerInfo.UnsignedAttributes.Cast<CryptographicAttributeObject>()
            .FirstOrDefault(a => a.Oid.Value == Asn.TimestampTokenOid);
        if (tokenAttribute is not null)
        {
            if (tokenAttribute.Values.Count != 1)
            {
                return Fail("the signature timestamp cannot be decoded", signer);
            }

            var encodedToken = tokenAttribute.Values[0].RawData;
            var candidates = signed.Certificates.Cast<X509Certificate2>().ToList();
            X509Certificate2? tsaCertificate;
            DateTimeOffset genTime;
            if (Rfc3161TimestampToken.TryDecode(encodedToken, out var token, out _))
            {
                if (!token.VerifySignatureForSignerInfo(signerInfo, out tsaCertificate, signed.Certificates) || tsaCertificate is null)
                {
                    return Fail("the signature timestamp does not match the signature or its TSA signature does not verify", signer);
                }

                genTime = token.TokenInfo.Timestamp;
            }
            else if (TimestampTokens.TryDecodeBign(encodedToken, out var bignToken))
            {
                // .NET decodes a bign-signed token but cannot check it: imprint, TSA certificate and signature are checked here.
                if (TimestampTokens.VerifyBign(bignToken, encodedToken, signerInfo.GetSignature(), out genTime) is { } tokenProblem)
                {
                    return Fail(tokenProblem, signer);
                }

                tsaCertificate = bignToken.SignerInfos[0].Certificate!;
                candidates.AddRange(bignToken.Certificates);
            }
            else
            {
                return Fail("the signature timestamp cannot be decoded", signer);
            }

            var tsaChain = chains.Validate(tsaCertificate, candidates.Take(ChainValidator.MaxExtraCertificates).ToList(), CertificatePurpose.Signature, genTime, revocation);
            if (!tsaChain.IsValid)
            {
                return Fail("the TSA certificate is not trusted: " + tsaChain.Detail, signer);
            }

            timestampedAt = genTime;
        }
        else if (requireTimestamp)
        {
            return Fail("the signature carries no RFC 3161 timestamp", signer);
        }

        // The signer's certificate must have been valid when the signature was made: the TSA's time if
        // there is one, otherwise now.
        var at = timestampedAt ?? DateTimeOffset.UtcNow;
        var chain = chains.Validate(signer, signed.Certificates.Cast<X509Certificate2>().Take(ChainValidator.MaxExtraCertificates).ToList(), CertificatePurpose.Signature, at, revocation);
        if (!chain.IsValid)
        {
            return Fail("the signer's certificate is not acceptable: " + chain.Detail, signer);
        }

        return new CmsVerification(null, signer, signed.ContentInfo.Content, timestampedAt);
    }

    /// <summary>
    /// The ESS signing-certificate-v2 attribute (RFC 5035), when the signer put one among the signed attributes, must name
    /// the certificate the signature is checked with: otherwise another certificate with the same key could be passed off
    /// as the signer's. Our own signers always write it; other signers need not.
    /// </summary>
    private static string? SigningCertificateProblem(SignerInfo signerInfo, X509Certificate2 signer)
    {
        var attributes = signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>()
            .Where(a => a.Oid.Value == Asn.SigningCertificateV2Oid)
            .ToList();
        if (attributes.Count == 0)
        {
            return null;
        }

        if (attributes.Count > 1 || attributes[0].Values.Count != 1)
        {
            return "the ESS signing-certificate-v2 attribute must appear once with one value";
        }

        try
        {
            // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies OPTIONAL }
            // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, issuerSerial OPTIONAL }
            var value = new AsnReader(attributes[0].Values[0].RawData, AsnEncodingRules.DER).ReadSequence();
            var first = value.ReadSequence().ReadSequence();
            var algorithm = Asn.Sha256Oid;
            if (first.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                algorithm = first.ReadSequence().ReadObjectIdentifier();
            }

            var named = first.ReadOctetString();
            byte[]? actual = algorithm switch
            {
                Asn.Sha256Oid => SHA256.HashData(signer.RawData),
                "2.16.840.1.101.3.4.2.2" => SHA384.HashData(signer.RawData),
                "2.16.840.1.101.3.4.2.3" => SHA512.HashData(signer.RawData),
                _ => null,
            };
            if (actual is null)
            {
                return $"the ESS signing-certificate-v2 attribute uses a hash NPES does not check ({algorithm})";
            }

            return CryptographicOperations.FixedTimeEquals(actual, named)
                ? null
                : $"the ESS signing-certificate-v2 attribute names another certificate than the signer's ({signer.Subject})";
        }
        catch (AsnContentException)
        {
            return "the ESS signing-certificate-v2 attribute cannot be decoded";
        }
    }

    private static string? CheckWithDotNet(SignerInfo signerInfo)
    {
        try
        {
            signerInfo.CheckSignature(verifySignatureOnly: true);
            return null;
        }
        catch (CryptographicException e)
        {
            return e.Message;
        }
    }

    private static CmsVerification Fail(string failure, X509Certificate2? signer = null) => new(failure, signer, null, null);
}
