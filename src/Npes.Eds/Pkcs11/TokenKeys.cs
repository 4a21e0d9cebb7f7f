using System.Security.Cryptography;

namespace Npes.Eds.Pkcs11;

/// <summary>
/// The ECDSA key on a token as a .NET <see cref="ECDsa"/> (for SignedCms): it signs digests on the token, verifies with
/// the certificate's public key, and exports only the public part.
/// </summary>
internal sealed class TokenECDsa : ECDsa
{
    private readonly Pkcs11TokenKey _key;
    private readonly ECDsa _publicKey;

    public TokenECDsa(Pkcs11TokenKey key, ECDsa publicKey)
    {
        _key = key;
        _publicKey = publicKey;
        KeySizeValue = publicKey.KeySize;
        LegalKeySizesValue = [new KeySizes(publicKey.KeySize, publicKey.KeySize, 0)];
    }

    public override byte[] SignHash(byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var signature = _key.SignDigest(hash, default);
        return _publicKey.VerifyHash(hash, signature)
            ? signature
            : throw _key.DoesNotVerify();
    }

    public override bool VerifyHash(byte[] hash, byte[] signature) => _publicKey.VerifyHash(hash, signature);

    public override ECParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters ? throw StaysOnToken() : _publicKey.ExportParameters(false);

    public override ECParameters ExportExplicitParameters(bool includePrivateParameters) =>
        includePrivateParameters ? throw StaysOnToken() : _publicKey.ExportExplicitParameters(false);

    public override void ImportParameters(ECParameters parameters) => throw new NotSupportedException("A key on a token cannot be replaced.");

    public override void GenerateKey(ECCurve curve) => throw new NotSupportedException("A key on a token cannot be replaced.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _publicKey.Dispose();
        }

        base.Dispose(disposing);
    }

    internal static CryptographicException StaysOnToken() => new("The private key stays on the token; it cannot be exported.");
}

/// <summary>The RSA key on a token as a .NET <see cref="RSA"/> (for SignedCms): PKCS#1 v1.5 signatures of digests on the token.</summary>
internal sealed class TokenRsa : RSA
{
    private readonly Pkcs11TokenKey _key;
    private readonly RSA _publicKey;

    public TokenRsa(Pkcs11TokenKey key, RSA publicKey)
    {
        _key = key;
        _publicKey = publicKey;
        KeySizeValue = publicKey.KeySize;
        LegalKeySizesValue = [new KeySizes(publicKey.KeySize, publicKey.KeySize, 0)];
    }

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(padding);
        if (padding != RSASignaturePadding.Pkcs1)
        {
            throw new CryptographicException("The token's RSA key signs with PKCS#1 v1.5 padding only.");
        }

        var signature = _key.SignDigest(hash, hashAlgorithm);
        return _publicKey.VerifyHash(hash, signature, hashAlgorithm, padding)
            ? signature
            : throw _key.DoesNotVerify();
    }

    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
        _publicKey.VerifyHash(hash, signature, hashAlgorithm, padding);

    public override RSAParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters ? throw TokenECDsa.StaysOnToken() : _publicKey.ExportParameters(false);

    public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException("A key on a token cannot be replaced.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _publicKey.Dispose();
        }

        base.Dispose(disposing);
    }
}
