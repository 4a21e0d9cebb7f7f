using System.Diagnostics;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds.X509;

/// <summary>
/// Software X.509 keys: ECDSA on P-256/P-384/P-521 (SHA-256/384/512 by curve) and RSA of at least 2048 bits
/// (PKCS#1 v1.5, SHA-256). ECDSA signatures are produced in IEEE P1363 form (r||s, as WebCrypto does);
/// verification also accepts DER (RFC 3279).
/// </summary>
internal sealed class X509EdsProvider : IEdsProvider
{
    public const string ProviderId = "x509";

    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const int MinimumRsaBits = 2048;

    private enum Family
    {
        Ecdsa,
        Rsa,
    }

    /// <param name="FieldBytes">Size of r and s (ECDSA) or of the modulus (RSA) in bytes.</param>
    private sealed record KeySpec(Family Family, HashAlgorithmName Hash, int FieldBytes);

    public string Id => ProviderId;

    public bool Supports(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SpecOf(certificate) is not null;
    }

    public byte[] Sign(X509Certificate2 signer, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var spec = RequireSupported(signer);
        if (!signer.HasPrivateKey)
        {
            throw new EdsException($"Certificate '{signer.Subject}' has no private key.");
        }

        try
        {
            switch (spec.Family)
            {
                case Family.Ecdsa:
                    using (var ecdsa = signer.GetECDsaPrivateKey() ?? throw NoUsableKey(signer))
                    {
                        return ecdsa.SignData(data, spec.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                    }

                case Family.Rsa:
                    using (var rsa = signer.GetRSAPrivateKey() ?? throw NoUsableKey(signer))
                    {
                        return rsa.SignData(data, spec.Hash, RSASignaturePadding.Pkcs1);
                    }

                default:
                    throw new UnreachableException();
            }
        }
        catch (CryptographicException ex)
        {
            throw new EdsException($"The private key of certificate '{signer.Subject}' cannot sign.", ex);
        }
    }

    public bool Verify(X509Certificate2 signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var spec = RequireSupported(signer);
        try
        {
            switch (spec.Family)
            {
                case Family.Ecdsa:
                    // A DER signature is at most 2 * (field + 3) + 3 bytes long; anything longer is garbage.
                    if (signature.IsEmpty || signature.Length > (2 * spec.FieldBytes) + 9)
                    {
                        return false;
                    }

                    using (var ecdsa = signer.GetECDsaPublicKey()!)
                    {
                        if (signature.Length == 2 * spec.FieldBytes
                            && ecdsa.VerifyData(data, signature, spec.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                        {
                            return true;
                        }

                        return signature[0] == 0x30
                            && ecdsa.VerifyData(data, signature, spec.Hash, DSASignatureFormat.Rfc3279DerSequence);
                    }

                case Family.Rsa:
                    if (signature.Length != spec.FieldBytes)
                    {
                        return false;
                    }

                    using (var rsa = signer.GetRSAPublicKey()!)
                    {
                        return rsa.VerifyData(data, signature, spec.Hash, RSASignaturePadding.Pkcs1);
                    }

                default:
                    throw new UnreachableException();
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public SignerIdentity Describe(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return CertificateIdentity.Describe(certificate, ProviderId);
    }

    private static KeySpec RequireSupported(X509Certificate2 certificate) => SpecOf(certificate)
        ?? throw new EdsException(
            $"Certificate '{certificate.Subject}' has a {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value} key "
            + "that the x509 provider does not support (ECDSA P-256/P-384/P-521 or RSA of at least 2048 bits).");

    private static KeySpec? SpecOf(X509Certificate2 certificate)
    {
        try
        {
            switch (certificate.PublicKey.Oid.Value)
            {
                case EcPublicKey:
                    var parameters = certificate.PublicKey.EncodedParameters?.RawData ?? [];
                    var curve = new AsnReader(parameters, AsnEncodingRules.DER).ReadObjectIdentifier();
                    return curve switch
                    {
                        "1.2.840.10045.3.1.7" => new KeySpec(Family.Ecdsa, HashAlgorithmName.SHA256, 32),
                        "1.3.132.0.34" => new KeySpec(Family.Ecdsa, HashAlgorithmName.SHA384, 48),
                        "1.3.132.0.35" => new KeySpec(Family.Ecdsa, HashAlgorithmName.SHA512, 66),
                        _ => null,
                    };

                case RsaEncryption:
                    using (var rsa = certificate.GetRSAPublicKey())
                    {
                        return rsa is { KeySize: >= MinimumRsaBits }
                            ? new KeySpec(Family.Rsa, HashAlgorithmName.SHA256, (rsa.KeySize + 7) / 8)
                            : null;
                    }

                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            return null;
        }
    }

    private static EdsException NoUsableKey(X509Certificate2 signer) =>
        new($"Certificate '{signer.Subject}' has a private key of another algorithm than its public key.");
}
