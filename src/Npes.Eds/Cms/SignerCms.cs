using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;
using Npes.Eds.GostEds;

namespace Npes.Eds.Cms;

/// <summary>
/// A holder's own detached CMS signature (for instance a sender over its letter's manifest), made with the key an
/// EDS provider holds for the certificate: a bign certificate gets the <see cref="BignCms"/> profile (belt-hash,
/// bign-with-hbelt) and a GOST certificate the <see cref="GostCms"/> one, the key staying in the provider; any other
/// .NET's <see cref="SignedCms"/> (SHA-256) with the private key the provider lends as an <see cref="IEdsDigestSigner"/>
/// (a key on a PKCS#11 token), or else the certificate's own. No timestamp; <see cref="CmsVerifier"/> checks it.
/// </summary>
public static class SignerCms
{
    /// <param name="content">The signed content, left out of the CMS.</param>
    /// <param name="signer">The holder's certificate.</param>
    /// <param name="provider">The provider that handles <paramref name="signer"/> and holds its private key.</param>
    /// <param name="signingTime">Value of the signing-time attribute of a bign signature.</param>
    /// <returns>DER ContentInfo with the SignedData.</returns>
    public static byte[] SignDetached(byte[] content, X509Certificate2 signer, IEdsProvider provider, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(provider);
        if (!provider.Supports(signer))
        {
            throw new ArgumentException($"EDS provider '{provider.Id}' does not handle certificate '{signer.Subject}'.", nameof(provider));
        }

        if (BignCertificates.HasBignKey(signer))
        {
            return BignCms.Sign(content, detached: true, signer, [], provider, signingTime).Encode();
        }

        if (GostCertificates.HasGostKey(signer))
        {
            return GostCms.Sign(content, detached: true, signer, [], provider, signingTime).Encode();
        }

        using var lentKey = (provider as IEdsDigestSigner)?.OpenPrivateKey(signer);
        if (lentKey is null && !signer.HasPrivateKey)
        {
            throw new ArgumentException($"Certificate '{signer.Subject}' carries no private key to sign with.", nameof(signer));
        }

        var cms = new SignedCms(new ContentInfo(content), detached: true);
        try
        {
            cms.ComputeSignature(lentKey is null ? new CmsSigner(signer) : new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer, lentKey), silent: true);
        }
        catch (CryptographicException e)
        {
            throw new EdsException($"The private key of certificate '{signer.Subject}' cannot sign a CMS.", e);
        }

        return cms.Encode();
    }
}
