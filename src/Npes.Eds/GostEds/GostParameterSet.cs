using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.CryptoPro;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;

namespace Npes.Eds.GostEds;

/// <summary>
/// A GOST R 34.10-2012 curve that NPES accepts, with everything that follows from its size: the key, digest and
/// signature algorithm identifiers, Streebog-256 or -512, and the sizes of keys (d, x, y: 32 or 64 bytes) and signatures
/// (s ‖ r: 64 or 128 bytes). The curves themselves are BouncyCastle's <see cref="ECGost3410NamedCurves"/>;
/// tc26 256 paramSetB/C/D are the CryptoPro-A/B/C curves under their TC 26 names.
/// </summary>
internal sealed class GostParameterSet
{
    /// <summary>Every supported parameter set, by its OID.</summary>
    private static readonly Dictionary<string, GostParameterSet> ByOid = new[]
    {
        new GostParameterSet(GostOids.Tc26Gost256A, "id-tc26-gost-3410-12-256-paramSetA", GostOids.Tc26Gost256A, wide: false, writesDigestParamSet: false),
        new GostParameterSet(GostOids.Tc26Gost256B, "id-tc26-gost-3410-12-256-paramSetB", GostOids.CryptoProA, wide: false, writesDigestParamSet: false),
        new GostParameterSet(GostOids.Tc26Gost256C, "id-tc26-gost-3410-12-256-paramSetC", GostOids.CryptoProB, wide: false, writesDigestParamSet: false),
        new GostParameterSet(GostOids.Tc26Gost256D, "id-tc26-gost-3410-12-256-paramSetD", GostOids.CryptoProC, wide: false, writesDigestParamSet: false),
        new GostParameterSet(GostOids.CryptoProA, "id-GostR3410-2001-CryptoPro-A-ParamSet", GostOids.CryptoProA, wide: false, writesDigestParamSet: true),
        new GostParameterSet(GostOids.CryptoProB, "id-GostR3410-2001-CryptoPro-B-ParamSet", GostOids.CryptoProB, wide: false, writesDigestParamSet: true),
        new GostParameterSet(GostOids.CryptoProC, "id-GostR3410-2001-CryptoPro-C-ParamSet", GostOids.CryptoProC, wide: false, writesDigestParamSet: true),
        new GostParameterSet(GostOids.CryptoProXchA, "id-GostR3410-2001-CryptoPro-XchA-ParamSet", GostOids.CryptoProXchA, wide: false, writesDigestParamSet: true),
        new GostParameterSet(GostOids.CryptoProXchB, "id-GostR3410-2001-CryptoPro-XchB-ParamSet", GostOids.CryptoProXchB, wide: false, writesDigestParamSet: true),
        new GostParameterSet(GostOids.Tc26Gost512A, "id-tc26-gost-3410-12-512-paramSetA", GostOids.Tc26Gost512A, wide: true, writesDigestParamSet: false),
        new GostParameterSet(GostOids.Tc26Gost512B, "id-tc26-gost-3410-12-512-paramSetB", GostOids.Tc26Gost512B, wide: true, writesDigestParamSet: false),
        new GostParameterSet(GostOids.Tc26Gost512C, "id-tc26-gost-3410-12-512-paramSetC", GostOids.Tc26Gost512C, wide: true, writesDigestParamSet: false),
    }.ToDictionary(p => p.Oid, StringComparer.Ordinal);

    private GostParameterSet(string oid, string name, string curveOid, bool wide, bool writesDigestParamSet)
        : this(oid, name, NamedDomain(curveOid), wide, writesDigestParamSet)
    {
    }

    /// <summary>
    /// A parameter set on an explicit curve, e.g. the test curves of GOST R 34.10-2012 appendix A for known-answer tests.
    /// <see cref="Find"/> never returns it: certificates on such curves are not accepted.
    /// </summary>
    internal GostParameterSet(string oid, string name, ECDomainParameters domain, bool wide, bool writesDigestParamSet = false)
    {
        ArgumentNullException.ThrowIfNull(domain);
        Oid = oid;
        Name = name;
        Domain = domain;
        Size = wide ? 64 : 32;
        WritesDigestParamSet = writesDigestParamSet;
        PublicKeyAlgorithm = wide ? GostOids.PublicKey512 : GostOids.PublicKey256;
        DigestAlgorithm = wide ? GostOids.Streebog512 : GostOids.Streebog256;
        SignatureAlgorithm = wide ? GostOids.SignWithDigest512 : GostOids.SignWithDigest256;
        HashName = wide ? GostCertificates.Streebog512Name : GostCertificates.Streebog256Name;
    }

    /// <summary>tc26 256 paramSetA: 256-bit keys on the TC 26 twisted Edwards curve.</summary>
    public static GostParameterSet Tc26Gost256A => ByOid[GostOids.Tc26Gost256A];

    /// <summary>CryptoPro-A: the curve of most 256-bit GOST certificates in use.</summary>
    public static GostParameterSet CryptoProA => ByOid[GostOids.CryptoProA];

    /// <summary>tc26 512 paramSetA: 512-bit keys.</summary>
    public static GostParameterSet Tc26Gost512A => ByOid[GostOids.Tc26Gost512A];

    /// <summary>All supported parameter sets.</summary>
    public static IEnumerable<GostParameterSet> All => ByOid.Values;

    /// <summary>The OID of the parameter set (publicKeyParamSet).</summary>
    public string Oid { get; }

    /// <summary>Its ASN.1 name, for messages.</summary>
    public string Name { get; }

    /// <summary>Curve, base point G, order q and cofactor.</summary>
    public ECDomainParameters Domain { get; }

    /// <summary>Bytes of d, of each coordinate and of each signature half: 32 (256-bit keys) or 64 (512-bit keys).</summary>
    public int Size { get; }

    /// <summary>Bytes of a public key x ‖ y and of a signature s ‖ r.</summary>
    public int DoubleSize => 2 * Size;

    /// <summary>Whether key parameters written here name the digest too (the CryptoPro sets; RFC 9215 omits it for the TC 26 sets).</summary>
    public bool WritesDigestParamSet { get; }

    /// <summary><c>id-tc26-gost3410-12-256</c> or <c>-512</c>.</summary>
    public string PublicKeyAlgorithm { get; }

    /// <summary>Streebog-256 or Streebog-512 (the digestParamSet, and the CMS digest algorithm).</summary>
    public string DigestAlgorithm { get; }

    /// <summary><c>id-tc26-signwithdigest-gost3410-12-256</c> or <c>-512</c>.</summary>
    public string SignatureAlgorithm { get; }

    /// <summary>The hash name .NET's certificate and CRL builders pass to <see cref="GostSignatureGenerator"/>.</summary>
    public HashAlgorithmName HashName { get; }

    /// <summary>The digest name, for messages.</summary>
    public string DigestName => Size == 32 ? "Streebog-256" : "Streebog-512";

    /// <summary>The parameter set named <paramref name="oid"/>, or null when it is not supported.</summary>
    public static GostParameterSet? Find(string oid) => ByOid.GetValueOrDefault(oid);

    private static ECDomainParameters NamedDomain(string curveOid)
    {
        var curve = ECGost3410NamedCurves.GetByOid(new DerObjectIdentifier(curveOid))
            ?? throw new InvalidOperationException($"BouncyCastle does not know the GOST curve {curveOid}.");
        return new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
    }

    /// <summary>Streebog (GOST R 34.11-2012) of <paramref name="data"/>, 32 or 64 bytes, in the byte order of the standard's byte-oriented form.</summary>
    public byte[] Hash(ReadOnlySpan<byte> data)
    {
        IDigest digest = Size == 32 ? new Gost3411_2012_256Digest() : new Gost3411_2012_512Digest();
        var chunk = new byte[Math.Min(data.Length, 4096)];
        for (var offset = 0; offset < data.Length; offset += chunk.Length)
        {
            var length = Math.Min(chunk.Length, data.Length - offset);
            data.Slice(offset, length).CopyTo(chunk);
            digest.BlockUpdate(chunk, 0, length);
        }

        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return hash;
    }
}
