namespace Npes.Eds.GostEds;

/// <summary>
/// Object identifiers of GOST R 34.10-2012 and GOST R 34.11-2012 in X.509 and CMS (RFC 9215, RFC 7836, TC 26), and the
/// curve parameter sets NPES supports.
/// </summary>
internal static class GostOids
{
    /// <summary><c>id-tc26-gost3410-12-256</c>: a GOST R 34.10-2012 public key of 256 bits (SubjectPublicKeyInfo, CMS).</summary>
    public const string PublicKey256 = "1.2.643.7.1.1.1.1";

    /// <summary><c>id-tc26-gost3410-12-512</c>: a GOST R 34.10-2012 public key of 512 bits.</summary>
    public const string PublicKey512 = "1.2.643.7.1.1.1.2";

    /// <summary><c>id-tc26-gost3411-12-256</c>: Streebog-256 (GOST R 34.11-2012).</summary>
    public const string Streebog256 = "1.2.643.7.1.1.2.2";

    /// <summary><c>id-tc26-gost3411-12-512</c>: Streebog-512.</summary>
    public const string Streebog512 = "1.2.643.7.1.1.2.3";

    /// <summary><c>id-tc26-signwithdigest-gost3410-12-256</c>: GOST R 34.10-2012 over Streebog-256 (certificates, CRLs).</summary>
    public const string SignWithDigest256 = "1.2.643.7.1.1.3.2";

    /// <summary><c>id-tc26-signwithdigest-gost3410-12-512</c>: GOST R 34.10-2012 over Streebog-512.</summary>
    public const string SignWithDigest512 = "1.2.643.7.1.1.3.3";

    /// <summary><c>id-tc26-gost-3410-12-256-paramSetA</c> (twisted Edwards curve in Weierstrass form, cofactor 4).</summary>
    public const string Tc26Gost256A = "1.2.643.7.1.2.1.1.1";

    /// <summary><c>id-tc26-gost-3410-12-256-paramSetB</c>: the curve of CryptoPro-A (RFC 7836 / R 1323565.1.024-2019).</summary>
    public const string Tc26Gost256B = "1.2.643.7.1.2.1.1.2";

    /// <summary><c>id-tc26-gost-3410-12-256-paramSetC</c>: the curve of CryptoPro-B.</summary>
    public const string Tc26Gost256C = "1.2.643.7.1.2.1.1.3";

    /// <summary><c>id-tc26-gost-3410-12-256-paramSetD</c>: the curve of CryptoPro-C.</summary>
    public const string Tc26Gost256D = "1.2.643.7.1.2.1.1.4";

    /// <summary><c>id-GostR3410-2001-CryptoPro-A-ParamSet</c> (RFC 4357), allowed for 2012-256 keys by RFC 9215.</summary>
    public const string CryptoProA = "1.2.643.2.2.35.1";

    /// <summary><c>id-GostR3410-2001-CryptoPro-B-ParamSet</c>.</summary>
    public const string CryptoProB = "1.2.643.2.2.35.2";

    /// <summary><c>id-GostR3410-2001-CryptoPro-C-ParamSet</c>.</summary>
    public const string CryptoProC = "1.2.643.2.2.35.3";

    /// <summary><c>id-GostR3410-2001-CryptoPro-XchA-ParamSet</c> (the curve of CryptoPro-A).</summary>
    public const string CryptoProXchA = "1.2.643.2.2.36.0";

    /// <summary><c>id-GostR3410-2001-CryptoPro-XchB-ParamSet</c> (the curve of CryptoPro-C).</summary>
    public const string CryptoProXchB = "1.2.643.2.2.36.1";

    /// <summary><c>id-tc26-gost-3410-12-512-paramSetA</c>.</summary>
    public const string Tc26Gost512A = "1.2.643.7.1.2.1.2.1";

    /// <summary><c>id-tc26-gost-3410-12-512-paramSetB</c>.</summary>
    public const string Tc26Gost512B = "1.2.643.7.1.2.1.2.2";

    /// <summary><c>id-tc26-gost-3410-12-512-paramSetC</c> (twisted Edwards curve in Weierstrass form, cofactor 4).</summary>
    public const string Tc26Gost512C = "1.2.643.7.1.2.1.2.3";
}
