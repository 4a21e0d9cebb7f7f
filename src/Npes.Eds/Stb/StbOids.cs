namespace Npes.Eds.Stb;

/// <summary>Object identifiers of STB 34.101.31 and 34.101.45 (arc 1.2.112.0.2.0.34.101) used in certificates and CMS.</summary>
public static class StbOids
{
    /// <summary><c>belt-hash</c> (STB 34.101.31): the hash of <c>bign-with-hbelt</c> and the CMS digest algorithm.</summary>
    public const string BeltHash = "1.2.112.0.2.0.34.101.31.81";

    /// <summary><c>belt-keywrap256</c> (STB 34.101.31, <c>belt-kwp</c> with a 256-bit key).</summary>
    public const string BeltKeyWrap256 = "1.2.112.0.2.0.34.101.31.73";

    /// <summary><c>bign-with-hbelt</c> (STB 34.101.45): bign signature of a belt-hash value; parameters NULL.</summary>
    public const string BignWithHbelt = "1.2.112.0.2.0.34.101.45.12";

    /// <summary><c>bign-pubkey</c> (STB 34.101.45): the algorithm of a bign public key in SubjectPublicKeyInfo.</summary>
    public const string BignPubkey = "1.2.112.0.2.0.34.101.45.2.1";

    /// <summary><c>bign-curve256v1</c> (STB 34.101.45): the named curve, the parameters of <c>bign-pubkey</c>.</summary>
    public const string BignCurve256v1 = "1.2.112.0.2.0.34.101.45.3.1";
}
