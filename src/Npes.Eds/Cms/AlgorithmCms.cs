using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds.Cms;

/// <summary>
/// The algorithms of one signer for CMS that NPES writes and reads itself (<see cref="AlgorithmCms"/>): the digest, the
/// signature algorithm and the signature check with the signer's public key.
/// </summary>
internal abstract class CmsSignerAlgorithms
{
    /// <summary>The signature family in messages ("bign", "GOST R 34.10-2012").</summary>
    public abstract string Family { get; }

    /// <summary>The digest algorithm OID written and required (parameters NULL, or absent when reading).</summary>
    public abstract string DigestOid { get; }

    /// <summary>The digest name in messages ("belt-hash", "Streebog-256").</summary>
    public abstract string DigestName { get; }

    /// <summary>What <see cref="AcceptsSignatureAlgorithm"/> accepts, in messages.</summary>
    public abstract string SignatureAlgorithmDescription { get; }

    /// <summary>Bytes of a signature value.</summary>
    public abstract int SignatureSize { get; }

    /// <summary>DER of the signatureAlgorithm written into SignerInfo.</summary>
    public abstract byte[] SignatureAlgorithmIdentifier();

    /// <summary>Whether a SignerInfo's signatureAlgorithm (parameters NULL or absent) is this signer's.</summary>
    public abstract bool AcceptsSignatureAlgorithm(string oid);

    /// <summary>The digest of <paramref name="data"/>.</summary>
    public abstract byte[] Hash(ReadOnlySpan<byte> data);

    /// <summary>Whether <paramref name="signature"/> over digest <paramref name="hash"/> verifies with the signer's public key.</summary>
    public abstract bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature);
}

/// <summary>
/// CMS SignedData (RFC 5652) with a signer whose algorithms .NET does not know (bign, GOST R 34.10-2012), written and
/// read here because System.Security.Cryptography.Pkcs signs and verifies only the algorithms .NET knows. One
/// SignerInfo, version 1, identified by issuer and serial number; digestAlgorithm with NULL parameters; signed
/// attributes content-type, signing-time, message-digest and ESS signing-certificate-v2; the signature is over the DER
/// SET OF the signed attributes, an OCTET STRING. The same profile as <see cref="EvidenceSigner"/> with ECDSA,
/// algorithms aside.
/// </summary>
internal static class AlgorithmCms
{
    public const string SignedDataContentType = "1.2.840.113549.1.7.2";
    public const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
    public const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    public const string SigningTimeAttribute = "1.2.840.113549.1.9.5";

    /// <summary>Most signed attributes a SignerInfo read here may carry.</summary>
    public const int MaxSignedAttributes = 32;

    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0);

    /// <summary>
    /// Signs <paramref name="content"/> as <paramref name="signer"/> through <paramref name="provider"/> (which holds the
    /// private key and hashes the signed attributes with the signer's digest). The result adds an optional timestamp token
    /// before it is encoded.
    /// </summary>
    /// <param name="algorithms">The signer's algorithms, bound to its public key; null when the certificate has no key of the family.</param>
    /// <param name="keyDescription">The keys of the family, for the refusal of a certificate without one.</param>
    /// <param name="content">The content (id-data).</param>
    /// <param name="detached">True to leave the content out of the CMS.</param>
    /// <param name="signer">The signer's certificate.</param>
    /// <param name="chain">CA certificates to include after the signer's.</param>
    /// <param name="provider">The provider holding the signer's private key.</param>
    /// <param name="signingTime">Value of the signing-time attribute.</param>
    /// <param name="contentType">The eContentType and content-type attribute: id-data, or id-ct-TSTInfo for a timestamp token.</param>
    public static AlgorithmSignedData Sign(
        CmsSignerAlgorithms? algorithms,
        string keyDescription,
        ReadOnlyMemory<byte> content,
        bool detached,
        X509Certificate2 signer,
        IEnumerable<X509Certificate2> chain,
        IEdsProvider provider,
        DateTimeOffset signingTime,
        string contentType = Asn.DataContentType)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (algorithms is null)
        {
            throw new ArgumentException($"Certificate '{signer.Subject}' has no {keyDescription} public key.", nameof(signer));
        }

        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        var certificates = chain.ToList();
        if (certificates.Contains(null!))
        {
            throw new ArgumentException("The chain must not contain null.", nameof(chain));
        }

        var digest = algorithms.Hash(content.Span);
        var attributes = new AsnWriter(AsnEncodingRules.DER);
        using (attributes.PushSetOf())
        {
            WriteAttribute(attributes, ContentTypeAttribute, w => w.WriteObjectIdentifier(contentType));
            WriteAttribute(attributes, SigningTimeAttribute, w => WriteTime(w, signingTime));
            WriteAttribute(attributes, MessageDigestAttribute, w => w.WriteOctetString(digest));
            WriteAttribute(attributes, Asn.SigningCertificateV2Oid, w => w.WriteEncodedValue(Asn.SigningCertificateV2(signer).RawData));
        }

        var signedAttributes = attributes.Encode();
        var signature = provider.Sign(signer, signedAttributes);
        if (signature.Length != algorithms.SignatureSize)
        {
            throw new EdsException(
                $"Provider '{provider.Id}' returned a {signature.Length}-byte signature; {algorithms.Family} needs {algorithms.SignatureSize}.");
        }

        return new AlgorithmSignedData(algorithms, contentType, detached ? null : content.ToArray(), signer, [signer, .. certificates], signedAttributes, signature);
    }

    /// <summary>
    /// Checks the SignerInfo of <paramref name="cms"/> with <paramref name="algorithms"/> (bound to the signer's public
    /// key; null when the signer's certificate has no key of the family): algorithms, signed attributes, message digest
    /// and signature. Returns null when it verifies, otherwise what is wrong.
    /// </summary>
    public static string? Verify(CmsSignerAlgorithms? algorithms, string keyDescription, ReadOnlyMemory<byte> cms, byte[]? detachedContent)
    {
        if (algorithms is null)
        {
            return $"the signer's certificate has no {keyDescription} public key";
        }

        try
        {
            return VerifyCore(algorithms, cms, detachedContent);
        }
        catch (AsnContentException e)
        {
            return $"the {algorithms.Family} SignedData cannot be decoded: " + e.Message;
        }
    }

    private static string? VerifyCore(CmsSignerAlgorithms algorithms, ReadOnlyMemory<byte> cms, byte[]? detachedContent)
    {
        var contentInfo = new AsnReader(cms, AsnEncodingRules.BER).ReadSequence();
        if (contentInfo.ReadObjectIdentifier() != SignedDataContentType)
        {
            return "the CMS is not SignedData";
        }

        var signedData = contentInfo.ReadSequence(Context0).ReadSequence();
        signedData.ReadEncodedValue(); // version
        signedData.ReadSetOf(); // digestAlgorithms
        var encapsulated = signedData.ReadSequence();
        var contentType = encapsulated.ReadObjectIdentifier();
        byte[]? attached = encapsulated.HasData ? encapsulated.ReadSequence(Context0).ReadOctetString() : null;
        while (signedData.HasData && signedData.PeekTag() is { TagClass: TagClass.ContextSpecific, TagValue: 0 or 1 })
        {
            signedData.ReadEncodedValue(); // certificates, crls
        }

        var signerInfos = signedData.ReadSetOf();
        var signerInfo = signerInfos.ReadSequence();
        if (signerInfos.HasData)
        {
            return "the CMS has more than one signer";
        }

        signerInfo.ReadEncodedValue(); // version
        signerInfo.ReadEncodedValue(); // sid, matched to the certificate by SignedCms
        var (digestAlgorithm, digestParametersNull) = ReadAlgorithm(signerInfo);
        if (digestAlgorithm != algorithms.DigestOid || !digestParametersNull)
        {
            return $"the digest algorithm is {digestAlgorithm}, not {algorithms.DigestName} ({algorithms.DigestOid}) with NULL parameters";
        }

        if (!signerInfo.HasData || !signerInfo.PeekTag().HasSameClassAndValue(Context0))
        {
            return "the signer info has no signed attributes";
        }

        var signedAttributes = signerInfo.ReadEncodedValue().ToArray();
        var (signatureAlgorithm, signatureParametersNull) = ReadAlgorithm(signerInfo);
        if (!algorithms.AcceptsSignatureAlgorithm(signatureAlgorithm) || !signatureParametersNull)
        {
            return $"the signature algorithm is {signatureAlgorithm}, not {algorithms.SignatureAlgorithmDescription} with NULL parameters";
        }

        if (!signerInfo.TryReadPrimitiveOctetString(out var signature) || signature.Length != algorithms.SignatureSize)
        {
            return $"the signature is not an OCTET STRING of {algorithms.SignatureSize} bytes";
        }

        if (attached is not null && detachedContent is not null)
        {
            return "the CMS carries its content and detached content was supplied too";
        }

        var content = attached ?? detachedContent;
        if (content is null)
        {
            return "the CMS is detached and no content was supplied";
        }

        // The signature covers the DER SET OF the attributes: the same bytes under the universal SET tag (RFC 5652 5.4).
        signedAttributes[0] = 0x31;
        if (CheckAttributes(algorithms, signedAttributes, contentType, content) is { } problem)
        {
            return problem;
        }

        return algorithms.VerifyHash(algorithms.Hash(signedAttributes), signature.Span)
            ? null
            : $"the {algorithms.Family} signature over the signed attributes is not valid";
    }

    private static string? CheckAttributes(CmsSignerAlgorithms algorithms, byte[] signedAttributes, string contentType, byte[] content)
    {
        var set = new AsnReader(signedAttributes, AsnEncodingRules.DER).ReadSetOf();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? typeValue = null;
        byte[]? digestValue = null;
        while (set.HasData)
        {
            if (seen.Count == MaxSignedAttributes)
            {
                return $"the signer info has more than {MaxSignedAttributes} signed attributes";
            }

            var attribute = set.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            if (!seen.Add(type))
            {
                return $"the signed attribute {type} occurs twice";
            }

            var values = attribute.ReadSetOf();
            switch (type)
            {
                case ContentTypeAttribute:
                    typeValue = values.ReadObjectIdentifier();
                    break;
                case MessageDigestAttribute:
                    digestValue = values.ReadOctetString();
                    break;
                default:
                    values.ReadEncodedValue();
                    break;
            }

            if (values.HasData)
            {
                return $"the signed attribute {type} has more than one value";
            }
        }

        if (typeValue != contentType)
        {
            return $"the content-type attribute ({typeValue ?? "absent"}) does not name the content type {contentType}";
        }

        if (digestValue is null)
        {
            return "the message-digest attribute is absent";
        }

        return CryptographicOperations.FixedTimeEquals(algorithms.Hash(content), digestValue)
            ? null
            : $"the message digest does not match the content ({algorithms.DigestName})";
    }

    /// <summary>The algorithm OID and whether its parameters are NULL or absent.</summary>
    private static (string Oid, bool NullParameters) ReadAlgorithm(AsnReader reader)
    {
        var identifier = reader.ReadSequence();
        var oid = identifier.ReadObjectIdentifier();
        ReadOnlyMemory<byte>? parameters = identifier.HasData ? identifier.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;
        return (oid, Asn.IsNullOrAbsent(parameters) && !identifier.HasData);
    }

    private static void WriteAttribute(AsnWriter writer, string type, Action<AsnWriter> value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(type);
            using (writer.PushSetOf())
            {
                value(writer);
            }
        }
    }

    /// <summary>UTCTime through 2049, GeneralizedTime after (RFC 5652 11.3), whole seconds.</summary>
    private static void WriteTime(AsnWriter writer, DateTimeOffset time)
    {
        var seconds = DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
        if (seconds.Year is >= 1950 and < 2050)
        {
            writer.WriteUtcTime(seconds);
        }
        else
        {
            writer.WriteGeneralizedTime(seconds, omitFractionalSeconds: true);
        }
    }
}

/// <summary>A SignerInfo made by <see cref="AlgorithmCms.Sign"/>, to be encoded with or without a timestamp.</summary>
internal sealed class AlgorithmSignedData
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1);

    private readonly CmsSignerAlgorithms _algorithms;
    private readonly string _contentType;
    private readonly byte[]? _content;
    private readonly X509Certificate2 _signer;
    private readonly IReadOnlyList<X509Certificate2> _certificates;
    private readonly byte[] _signedAttributes;

    internal AlgorithmSignedData(
        CmsSignerAlgorithms algorithms,
        string contentType,
        byte[]? content,
        X509Certificate2 signer,
        IReadOnlyList<X509Certificate2> certificates,
        byte[] signedAttributes,
        byte[] signature)
    {
        _algorithms = algorithms;
        _contentType = contentType;
        _content = content;
        _signer = signer;
        _certificates = certificates;
        _signedAttributes = signedAttributes;
        Signature = signature;
    }

    /// <summary>The signature value: what an RFC 3161 signature timestamp covers.</summary>
    public byte[] Signature { get; }

    /// <summary>DER ContentInfo with the SignedData; <paramref name="timestampToken"/> becomes the unsigned attribute 1.2.840.113549.1.9.16.2.14.</summary>
    public byte[] Encode(byte[]? timestampToken = null)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(AlgorithmCms.SignedDataContentType);
            using (writer.PushSequence(Context0))
            using (writer.PushSequence())
            {
                writer.WriteInteger(_contentType == Asn.DataContentType ? 1 : 3); // RFC 5652 5.1: 3 when eContentType is not id-data
                using (writer.PushSetOf())
                {
                    WriteDigestAlgorithm(writer);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(_contentType);
                    if (_content is not null)
                    {
                        using (writer.PushSequence(Context0))
                        {
                            writer.WriteOctetString(_content);
                        }
                    }
                }

                using (writer.PushSetOf(Context0))
                {
                    foreach (var certificate in _certificates.DistinctBy(c => c.Thumbprint, StringComparer.Ordinal))
                    {
                        writer.WriteEncodedValue(certificate.RawData);
                    }
                }

                using (writer.PushSetOf())
                {
                    WriteSignerInfo(writer, timestampToken);
                }
            }
        }

        return writer.Encode();
    }

    private void WriteSignerInfo(AsnWriter writer, byte[]? timestampToken)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(_signer.IssuerName.RawData);
                writer.WriteInteger(_signer.SerialNumberBytes.Span);
            }

            WriteDigestAlgorithm(writer);
            var implicitAttributes = (byte[])_signedAttributes.Clone();
            implicitAttributes[0] = 0xA0; // [0] IMPLICIT SET OF Attribute
            writer.WriteEncodedValue(implicitAttributes);
            writer.WriteEncodedValue(_algorithms.SignatureAlgorithmIdentifier());
            writer.WriteOctetString(Signature);
            if (timestampToken is not null)
            {
                using (writer.PushSetOf(Context1))
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Asn.TimestampTokenOid);
                    using (writer.PushSetOf())
                    {
                        writer.WriteEncodedValue(timestampToken);
                    }
                }
            }
        }
    }

    private void WriteDigestAlgorithm(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(_algorithms.DigestOid);
            writer.WriteNull();
        }
    }
}
