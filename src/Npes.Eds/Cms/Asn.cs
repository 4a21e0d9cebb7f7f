using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds.Cms;

/// <summary>The few DER structures .NET does not build for us.</summary>
internal static class Asn
{
    public const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    public const string TimestampTokenOid = "1.2.840.113549.1.9.16.2.14";
    public const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    public const string DataContentType = "1.2.840.113549.1.7.1";

    /// <summary>Whether AlgorithmIdentifier parameters are NULL or absent (bign-with-hbelt, belt-hash, Streebog, GOST).</summary>
    public static bool IsNullOrAbsent(ReadOnlyMemory<byte>? parameters) =>
        parameters is not { } value || value.Span.SequenceEqual((ReadOnlySpan<byte>)[0x05, 0x00]);

    /// <summary>
    /// ESS SigningCertificateV2 (RFC 5035) naming <paramref name="certificate"/> by its SHA-256 hash (the default
    /// algorithm, so omitted), which binds the signature to that very certificate.
    /// </summary>
    public static AsnEncodedData SigningCertificateV2(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteOctetString(SHA256.HashData(certificate.RawData));
                }
            }
        }

        return new AsnEncodedData(SigningCertificateV2Oid, writer.Encode());
    }
}
