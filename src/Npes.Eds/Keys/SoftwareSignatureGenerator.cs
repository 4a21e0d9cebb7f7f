using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds.Keys;

/// <summary>
/// Lets .NET's <see cref="CertificateRequest"/> and <see cref="CertificateRevocationListBuilder"/> write certificates and
/// CRLs signed with one of our software keys (bign, GOST): they build the TBS structure, the key hashes and signs it.
/// They must pass <see cref="HashName"/> as their hash algorithm; any other name is refused.
/// </summary>
internal abstract class SoftwareSignatureGenerator : X509SignatureGenerator
{
    private readonly ISigningKey _key;

    protected SoftwareSignatureGenerator(ISigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    /// <summary>The only hash name accepted (the digest of the key's signature algorithm).</summary>
    protected abstract HashAlgorithmName HashName { get; }

    /// <summary>The signature algorithm, in the refusal of another hash name.</summary>
    protected abstract string AlgorithmName { get; }

    public sealed override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        CheckHash(hashAlgorithm);
        return SignatureAlgorithmIdentifier();
    }

    public sealed override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckHash(hashAlgorithm);
        return _key.SignData(data);
    }

    /// <summary>DER of the signatureAlgorithm written into the certificate or CRL.</summary>
    protected abstract byte[] SignatureAlgorithmIdentifier();

    private void CheckHash(HashAlgorithmName hashAlgorithm)
    {
        if (hashAlgorithm != HashName)
        {
            throw new ArgumentException(
                $"{AlgorithmName} signs {HashName.Name} values; pass the hash algorithm '{HashName.Name}', not '{hashAlgorithm.Name}'.",
                nameof(hashAlgorithm));
        }
    }
}
