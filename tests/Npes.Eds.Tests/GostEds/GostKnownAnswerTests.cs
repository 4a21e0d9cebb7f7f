using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Npes.Eds.Cms;
using Npes.Eds.GostEds;
using Npes.Eds.Trust;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Security;
using Xunit;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Npes.Eds.Tests.GostEds;

/// <summary>
/// Published vectors, checked against our code (not against BouncyCastle alone): every byte-order decision — Streebog
/// output, α read little-endian, signatures s ‖ r big-endian, keys x ‖ y little-endian — is fixed by one of them.
/// Sources:
/// <list type="bullet">
/// <item>Streebog: GOST R 34.11-2012 examples 1 and 2 (also RFC 6986 section 10), as bytes in
/// bcgit/bc-csharp crypto/test/src/crypto/test/GOST3411_2012_256DigestTest.cs, and the TC 26 CMS DigestedData examples
/// (TK26CMS.pdf) in mosquito/pygost pygost/test_cms.py (TestDigested, 256 and 512).</item>
/// <item>Signatures on the standard's test curves: GOST R 34.10-2012 appendix A.1 as in bcgit/bc-csharp
/// crypto/test/src/crypto/test/EGOST3410_2012SignatureTest.cs (decimal, with k); appendix A.2 as in mosquito/pygost
/// pygost/test_gost3410.py (Test34102012.test_gcl3, from libgcl3).</item>
/// <item>Certificates and CRLs: draft-deremin-rfc4491-bis (now RFC 9215) examples and the TC 26 certificate profile
/// examples (TK26IOK.pdf), both in mosquito/pygost pygost/test_x509.py; TC 26 CMS SignedData examples in
/// pygost/test_cms.py.</item>
/// </list>
/// </summary>
public sealed class GostKnownAnswerTests
{
    /// <summary>GOST R 34.11-2012 message M1: the 63 ASCII digits "0123456789" repeated, ending in "012".</summary>
    private static readonly byte[] M1 = Encoding.ASCII.GetBytes("012345678901234567890123456789012345678901234567890123456789012");

    /// <summary>GOST R 34.11-2012 message M2 (72 bytes of Cyrillic text in Windows-1251).</summary>
    private static readonly byte[] M2 = Convert.FromHexString(
        "d1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff20f1f2f0e5ebe0ece820ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb");

    // draft-deremin-rfc4491-bis example: self-signed certificate and CRL, id-tc26-gost-3410-2012-256-paramSetA,
    // private key d = 7A929ADE...3B28 (big-endian), signatures id-tc26-signwithdigest-gost3410-12-256 without parameters.
    private const string Rfc4491BisKey = "7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28";

    private const string Rfc4491BisCertificate =
        "MIIBJTCB06ADAgECAgEKMAoGCCqFAwcBAQMCMBIxEDAOBgNVBAMTB0V4YW1wbGUwIBcNMDEwMTAxMDAwMDAwWhgPMjA1MDEyMzEwMDAwMDBaMBIxEDAOBgNVBAMTB0V4" +
        "YW1wbGUwXjAXBggqhQMHAQEBATALBgkqhQMHAQIBAQEDQwAEQHQnldS+6ITd8oUP7APqP68YROAdnaYLZFCTpV4m38OZePWWz01NDGzx0YlD2UST0WuewKFtUS0uEnzE" +
        "aRpjGOKjEzARMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoUDBwEBAwIDQQAUC02pEksJyw1c6Sjuh0JzoxASlJLsDik2njt5EkhXjB0OHaW+NHxvG1JWx66sIArWSsd6b1s6" +
        "DglzGOeubudp";

    private const string Rfc4491BisCertificateSignature =
        "140B4DA9124B09CB0D5CE928EE874273A310129492EC0E29369E3B791248578C1D0E1DA5BE347C6F1B5256C7AEAC200AD64AC77A6F5B3A0E097318E7AE6EE769";

    private const string Rfc4491BisCrl =
        "MIGSMEECAQEwCgYIKoUDBwEBAwIwEjEQMA4GA1UEAxMHRXhhbXBsZRcNMTQwMTAxMDAwMDAwWhcNMTQwMTAyMDAwMDAwWjAKBggqhQMHAQEDAgNBABS9aAh8O5A8eqKL" +
        "B/6y571v4JY/VjJnNZ9c2Oq0UFmtHQ4dpb40fG8bUlbHrqwgCtZKx3pvWzoOCXMY565u52k=";

    // The same example on id-GostR3410-2001-TestParamSet (1.2.643.2.2.35.0), a curve NPES does not accept.
    private const string Rfc4491BisTestParamSetCertificate =
        "MIIBLTCB26ADAgECAgEKMAoGCCqFAwcBAQMCMBIxEDAOBgNVBAMTB0V4YW1wbGUwIBcNMDEwMTAxMDAwMDAwWhgPMjA1MDEyMzEwMDAwMDBaMBIxEDAOBgNVBAMTB0V4" +
        "YW1wbGUwZjAfBggqhQMHAQEBATATBgcqhQMCAiMABggqhQMHAQECAgNDAARAC9hv5djbiWaPeJtOHbqFhcVQi0XsW1nYkG3bcOJJK3/ad/+HGhD73ydm0pPF0WSvuzx7" +
        "lzpByIXRHXDWibTxJqMTMBEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhQMHAQEDAgNBAE1T8BL+CBd2UH1Nm7gfAO/bTu/Uq4O6xLrPc1Fzz6gcQaoo0vGrFIKAzZ7Vb+2k" +
        "GXQFNVSkJ2e4OtBD/TncBJM=";

    // TC 26 certificate profile examples: "GostR3410-2012 (256 bit) example" on CryptoPro-XchA with digestParamSet
    // Streebog-256, and "GostR3410-2012 (512 bit) example" on tc26 512 paramSetB with digestParamSet Streebog-512.
    private const string Tk26Key256 = "BFCF1D623E5CDD3032A7C6EABB4A923C46E43D640FFEAAF2C3ED39A8FA399924";

    private const string Tk26Certificate256 =
        "MIICYjCCAg+gAwIBAgIBATAKBggqhQMHAQEDAjBWMSkwJwYJKoZIhvcNAQkBFhpHb3N0UjM0MTAtMjAxMkBleGFtcGxlLmNvbTEpMCcGA1UEAxMgR29zdFIzNDEwLTIw" +
        "MTIgKDI1NiBiaXQpIGV4YW1wbGUwHhcNMTMxMTA1MTQwMjM3WhcNMzAxMTAxMTQwMjM3WjBWMSkwJwYJKoZIhvcNAQkBFhpHb3N0UjM0MTAtMjAxMkBleGFtcGxlLmNv" +
        "bTEpMCcGA1UEAxMgR29zdFIzNDEwLTIwMTIgKDI1NiBiaXQpIGV4YW1wbGUwZjAfBggqhQMHAQEBATATBgcqhQMCAiQABggqhQMHAQECAgNDAARAut/Qw1MUq9KPqkdH" +
        "C2xAF3K7TugHfo9n525D2s5mFZdD5pwf90/i4vF0mFmr9nfRwMYP4o0Pg1mOn5RlaXNYraOBwDCBvTAdBgNVHQ4EFgQU1fIeN1HaPbw+XWUzbkJ+kHJUT0AwCwYDVR0P" +
        "BAQDAgHGMA8GA1UdEwQIMAYBAf8CAQEwfgYDVR0BBHcwdYAU1fIeN1HaPbw+XWUzbkJ+kHJUT0ChWqRYMFYxKTAnBgkqhkiG9w0BCQEWGkdvc3RSMzQxMC0yMDEyQGV4" +
        "YW1wbGUuY29tMSkwJwYDVQQDEyBHb3N0UjM0MTAtMjAxMiAoMjU2IGJpdCkgZXhhbXBsZYIBATAKBggqhQMHAQEDAgNBAF5bm4BbARR6hJLEoWJkOsYV3Hd7kXQQjz3C" +
        "dqQfmHrz6TI6Xojdh/t8ckODv/587NS5/6KsM77vc6Wh90NAT2s=";

    private const string Tk26Key512 =
        "3FC01CDCD4EC5F972EB482774C41E66DB7F380528DFE9E67992BA05AEE462435757530E641077CE587B976C8EEB48C48FD33FD175F0C7DE6A44E014E6BCB074B";

    private const string Tk26Certificate512 =
        "MIIC6DCCAlSgAwIBAgIBATAKBggqhQMHAQEDAzBWMSkwJwYJKoZIhvcNAQkBFhpHb3N0UjM0MTAtMjAxMkBleGFtcGxlLmNvbTEpMCcGA1UEAxMgR29zdFIzNDEwLTIw" +
        "MTIgKDUxMiBiaXQpIGV4YW1wbGUwHhcNMTMxMDA0MDczNjA0WhcNMzAxMDAxMDczNjA0WjBWMSkwJwYJKoZIhvcNAQkBFhpHb3N0UjM0MTAtMjAxMkBleGFtcGxlLmNv" +
        "bTEpMCcGA1UEAxMgR29zdFIzNDEwLTIwMTIgKDUxMiBiaXQpIGV4YW1wbGUwgaowIQYIKoUDBwEBAQIwFQYJKoUDBwECAQICBggqhQMHAQECAwOBhAAEgYATGQ9VCiM5" +
        "FRGCQ8MEz2F1dANqhaEuywa8CbxOnTvaGJpFQVXQwkwvLFAKh7hk542vOEtxpKtTCXfGf84nRhMH/Q9bZeAc2eO/yhxrsQhTBufa1Fuou2oe/jUOaG6RAtUUvRzhNTpp" +
        "RGGl1+EIY2vzzUua9j9Ol/gAoy/LNKQIfqOBwDCBvTAdBgNVHQ4EFgQUPcbTRXJZnHtjj+eBP7b5lcTMekIwCwYDVR0PBAQDAgHGMA8GA1UdEwQIMAYBAf8CAQEwfgYD" +
        "VR0BBHcwdYAUPcbTRXJZnHtjj+eBP7b5lcTMekKhWqRYMFYxKTAnBgkqhkiG9w0BCQEWGkdvc3RSMzQxMC0yMDEyQGV4YW1wbGUuY29tMSkwJwYDVQQDEyBHb3N0UjM0" +
        "MTAtMjAxMiAoNTEyIGJpdCkgZXhhbXBsZYIBATAKBggqhQMHAQEDAwOBgQBObS7oppPTXzHyVR1DtPa8b57nudJzI4czhsfeX5HDntOq45t9B/qSs8dC6eGxbhHZ9zCO" +
        "SFtxWYdmg0au8XI9Xb8vTC1qdwWID7FFjMWDNQZb6lYh/J+8F2xKylvB5nIlRZqOo3eUNFkNyHJwQCk2WoOlO16zwGk2tdKH4KmD5w==";

    // TC 26 CMS examples: SignedData over "Test message" by the two certificates above, without signed attributes.
    private const string Tk26SignedData256 =
        "MIIBBQYJKoZIhvcNAQcCoIH3MIH0AgEBMQ4wDAYIKoUDBwEBAgIFADAbBgkqhkiG9w0BBwGgDgQMVGVzdCBtZXNzYWdlMYHBMIG+AgEBMFswVjEpMCcGCSqGSIb3DQEJ" +
        "ARYaR29zdFIzNDEwLTIwMTJAZXhhbXBsZS5jb20xKTAnBgNVBAMTIEdvc3RSMzQxMC0yMDEyICgyNTYgYml0KSBleGFtcGxlAgEBMAwGCCqFAwcBAQICBQAwDAYIKoUD" +
        "BwEBAQEFAARAkptb2ekZbC94FaGDQeP70ExvTkXtOY9zgz3cCco/hxPhXUVo3eCxVNwDQ8enFItJZ8DEX4blZ8QtziNCMl5HbA==";

    private const string Tk26SignedData512 =
        "MIIBSQYJKoZIhvcNAQcCoIIBOjCCATYCAQExDjAMBggqhQMHAQECAwUAMBsGCSqGSIb3DQEHAaAOBAxUZXN0IG1lc3NhZ2UxggECMIH/AgEBMFswVjEpMCcGCSqGSIb3" +
        "DQEJARYaR29zdFIzNDEwLTIwMTJAZXhhbXBsZS5jb20xKTAnBgNVBAMTIEdvc3RSMzQxMC0yMDEyICg1MTIgYml0KSBleGFtcGxlAgEBMAwGCCqFAwcBAQIDBQAwDAYI" +
        "KoUDBwEBAQIFAASBgFyVohNhMHUi/+RAF3Gh/cC7why6v+4jPWVlx1TYlXtV8HjehI2Y+rP52/LO6EUHG/XcwCBbUxmRWsbUSRRBAexmaafkSdvv2FFwC8kHOcti+UPX" +
        "PS+KRYxT8vhcsBLWWxDkc1McI7aF09hqtED36mQOfACzeJjEoUjALpmJob1V";

    [Theory]
    [InlineData("M1", "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500")]
    [InlineData("M2", "9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50")]
    public void Hash_Streebog256StandardExamples_MatchPublishedDigests(string message, string expected)
    {
        // Arrange: the standard prints H(M1) most significant byte first (00557be5...159d); as bytes it is the reverse.
        var data = message == "M1" ? M1 : M2;

        // Act
        var digest = GostParameterSet.Tc26Gost256A.Hash(data);

        // Assert
        Assert.Equal(expected, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Hash_Streebog512StandardExampleM1_MatchesPublishedDigest()
    {
        var digest = GostParameterSet.Tc26Gost512A.Hash(M1);

        Assert.Equal(
            "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48",
            Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Hash_ChunkBoundaries_SameAsOneBlock()
    {
        // Arrange: longer than the 4096-byte chunks the hash is fed in
        var data = new byte[10_000];
        new Random(42).NextBytes(data);
        var digest = new Org.BouncyCastle.Crypto.Digests.Gost3411_2012_256Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var expected = new byte[32];
        digest.DoFinal(expected, 0);

        // Act & Assert
        Assert.Equal(expected, GostParameterSet.Tc26Gost256A.Hash(data));
    }

    [Fact]
    public void Verify_StandardExampleA1_Valid()
    {
        // Arrange
        var (set, publicKey) = ExampleA1();

        // Act
        var valid = Gost3410.Verify(set, publicKey, A1Digest(), A1Signature());

        // Assert
        Assert.True(valid);
    }

    [Fact]
    public void Sign_StandardExampleA1WithItsK_GivesThePublishedSignature()
    {
        // Arrange: k of appendix A.1, handed to the signer as the random source
        var (set, _) = ExampleA1();
        var d = new BigInteger("55441196065363246126355624130324183196576709222340016572108097750006097525544");
        var k = new BigInteger("53854137677348463731403841147996619241504003434302020712960838528893196233395");
        var random = new SecureRandom(new FixedRandom(Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, k)));

        // Act
        var signature = Gost3410.Sign(set, d, A1Digest(), random);

        // Assert: s ‖ r, big-endian each
        Assert.Equal(Convert.ToHexString(A1Signature()), Convert.ToHexString(signature));
    }

    [Fact]
    public void PublicKey_StandardExampleA1PrivateKey_IsThePublishedQ()
    {
        // Arrange
        var (set, publicKey) = ExampleA1();
        var d = new BigInteger("55441196065363246126355624130324183196576709222340016572108097750006097525544");
        var littleEndian = new byte[32];
        Gost3410.WriteLittleEndian(d, littleEndian);

        // Act
        using var key = GostPrivateKey.Import(set, littleEndian);

        // Assert
        Assert.Equal(Convert.ToHexString(Gost3410.EncodePoint(set, publicKey)), Convert.ToHexString(key.PublicKey.Encoded));
    }

    [Fact]
    public void Verify_StandardExampleA1EveryBitFlipped_Invalid()
    {
        var (set, publicKey) = ExampleA1();
        var signature = A1Signature();
        var digest = A1Digest();

        for (var bit = 0; bit < signature.Length * 8; bit++)
        {
            var flipped = (byte[])signature.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Gost3410.Verify(set, publicKey, digest, flipped), $"signature bit {bit}");
        }

        for (var bit = 0; bit < digest.Length * 8; bit++)
        {
            var flipped = (byte[])digest.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Gost3410.Verify(set, publicKey, flipped, signature), $"digest bit {bit}");
        }
    }

    [Fact]
    public void Verify_StandardExampleA1WithHalvesSwappedOrDigestBigEndian_Invalid()
    {
        // The two plausible byte-order mistakes: r ‖ s instead of s ‖ r, and α read big-endian.
        var (set, publicKey) = ExampleA1();
        var signature = A1Signature();
        var swapped = signature[32..].Concat(signature[..32]).ToArray();
        var reversedDigest = A1Digest().Reverse().ToArray();

        Assert.False(Gost3410.Verify(set, publicKey, A1Digest(), swapped));
        Assert.False(Gost3410.Verify(set, publicKey, reversedDigest, signature));
    }

    [Fact]
    public void Verify_StandardExampleA2_Valid()
    {
        // Arrange: the 512-bit example (appendix A.2), all values big-endian as printed
        var p = Hex("4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15DF1D852741AF4704A0458047E80E4546D35B8336FAC224DD81664BBF528BE6373");
        var q = Hex("4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15DA82F2D7ECB1DBAC719905C5EECC423F1D86E25EDBE23C595D644AAF187E6E6DF");
        var b = Hex("1CFF0806A31116DA29D8CFA54E57EB748BC5F377E49400FDD788B649ECA1AC4361834013B2AD7322480A89CA58E0CF74BC9E540C2ADD6897FAD0A3084F302ADC");
        var curve = new FpCurve(p, BigInteger.ValueOf(7), b, q, BigInteger.One);
        var g = curve.CreatePoint(
            Hex("24D19CC64572EE30F396BF6EBBFD7A6C5213B3B3D7057CC825F91093A68CD762FD60611262CD838DC6B60AA7EEE804E28BC849977FAC33B4B530F1B120248A9A"),
            Hex("2BB312A43BD2CE6E0D020613C857ACDDCFBF061E91E5F2C3F32447C259F39B2C83AB156D77F1496BF7EB3351E1EE4E43DC1A18B91B24640B6DBB92CB1ADD371E"));
        var set = new GostParameterSet("1.2.643.7.1.2.1.2.0", "GOST R 34.10-2012 A.2 test curve", new ECDomainParameters(curve, g, q, BigInteger.One), wide: true);
        var publicKey = curve.CreatePoint(
            Hex("115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD5A515856D13314AF69BC5B924C8B4DDFF75C45415C1D9DD9DD33612CD530EFE1"),
            Hex("37C7C90CD40B0F5621DC3AC1B751CFA0E2634FA0503B3D52639F5D7FB72AFD61EA199441D943FFE7F0C70A2759A3CDB84C114E1F9339FDF27F35ECA93677BEEC"));
        var digest = new byte[64];
        Gost3410.WriteLittleEndian(
            Hex("3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C5917184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C"), digest);
        var r = "2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD35492558486B20F1C9EC197C90699850260C93BCBCD9C5C3317E19344E173AE36";
        var s = "1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5823CE288E8C4F362526080DF7F70CE406A6EEB1F56919CB92A9853BDE73E5B4A";

        // Act
        var valid = Gost3410.Verify(set, publicKey, digest, Convert.FromHexString(s + r));
        var swapped = Gost3410.Verify(set, publicKey, digest, Convert.FromHexString(r + s));

        // Assert
        Assert.True(valid);
        Assert.False(swapped);
    }

    [Fact]
    public void Certificate_Rfc4491BisExample_KeyIsDTimesGAndSelfSignatureVerifies()
    {
        // Arrange: the example reuses appendix A.1's d, which is larger than q of paramSetA; a private key must be below q,
        // so it is refused as it stands, and d mod q (the same point d·G) is the key of the certificate.
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(Rfc4491BisCertificate));
        var set = GostParameterSet.Tc26Gost256A;
        Assert.Throws<ArgumentException>(() => ImportBigEndian(set, Rfc4491BisKey));
        var reduced = new BigInteger(Rfc4491BisKey, 16).Mod(set.Domain.N);
        var littleEndian = new byte[32];
        Gost3410.WriteLittleEndian(reduced, littleEndian);
        using var key = GostPrivateKey.Import(set, littleEndian);

        // Act
        var found = GostCertificates.TryGetPublicKey(certificate, out var publicKey);
        var signed = SignedObjects.TrySplit(certificate.RawDataMemory, out _, out var algorithm, out var parameters, out var signature);

        // Assert
        Assert.True(found);
        Assert.Same(GostParameterSet.Tc26Gost256A, publicKey.Set);
        Assert.True(key.Matches(publicKey));
        Assert.True(signed);
        Assert.Equal((GostOids.SignWithDigest256, (ReadOnlyMemory<byte>?)null), (algorithm, parameters));
        Assert.Equal(Rfc4491BisCertificateSignature, Convert.ToHexString(signature.Span));
        Assert.True(SignedObjects.IsSignedBy(certificate.RawDataMemory, certificate));
    }

    [Fact]
    public void Crl_Rfc4491BisExample_VerifiesWithTheCertificateKey()
    {
        // Arrange
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(Rfc4491BisCertificate));
        var crl = Convert.FromBase64String(Rfc4491BisCrl);
        var tampered = (byte[])crl.Clone();
        tampered[^10] ^= 0x04;

        // Act & Assert
        Assert.True(SignedObjects.IsSignedBy(crl, certificate));
        Assert.True(RevocationList.Parse(crl, "rfc4491bis.crl").IsSignedBy(certificate));
        Assert.False(SignedObjects.IsSignedBy(tampered, certificate));
        Assert.False(RevocationList.Parse(tampered, "tampered.crl").IsSignedBy(certificate));
    }

    [Theory]
    [InlineData(Tk26Certificate256, Tk26Key256, GostOids.CryptoProXchA)]
    [InlineData(Tk26Certificate512, Tk26Key512, GostOids.Tc26Gost512B)]
    public void Certificate_Tk26Examples_KeyIsDTimesGAndSelfSignatureVerifies(string base64, string privateKey, string parameterSet)
    {
        // Arrange: these carry digestParamSet in the key parameters
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64));
        var set = GostParameterSet.Find(parameterSet)!;
        using var key = ImportBigEndian(set, privateKey);

        // Act
        var found = GostCertificates.TryGetPublicKey(certificate, out var publicKey);

        // Assert
        Assert.True(found);
        Assert.Same(set, publicKey.Set);
        Assert.True(key.Matches(publicKey));
        Assert.True(SignedObjects.IsSignedBy(certificate.RawDataMemory, certificate));
    }

    [Fact]
    public void Certificate_OnTestParamSet_IsNotAccepted()
    {
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(Rfc4491BisTestParamSetCertificate));

        Assert.True(GostCertificates.HasGostKey(certificate));
        Assert.False(GostCertificates.TryGetPublicKey(certificate, out _));
        Assert.False(SignedObjects.IsSignedBy(certificate.RawDataMemory, certificate));
        Assert.False(new GostEdsProvider().Supports(certificate));
    }

    [Theory]
    [InlineData(Tk26SignedData256, Tk26Certificate256)]
    [InlineData(Tk26SignedData512, Tk26Certificate512)]
    public void SignedData_Tk26Examples_SignatureOverContentDigestVerifies(string cms, string certificate)
    {
        // Arrange: these SignerInfos have no signed attributes, so the signature covers Streebog of the content itself
        using var signer = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificate));
        Assert.True(GostCertificates.TryGetPublicKey(signer, out var publicKey));
        var (content, signature) = ContentAndSignature(Convert.FromBase64String(cms));

        // Act
        var valid = publicKey.VerifyData(content, signature);

        // Assert
        Assert.Equal("Test message", Encoding.ASCII.GetString(content));
        Assert.True(valid);
        Assert.False(publicKey.VerifyData("Test messagE"u8, signature));
    }

    [Fact]
    public void SignedData_Tk26ExampleWithoutSignedAttributes_RefusedByTheCmsProfile()
    {
        // NPES requires signed attributes (content type and message digest bound by the signature).
        using var signer = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(Tk26Certificate256));

        var problem = GostCms.Verify(Convert.FromBase64String(Tk26SignedData256), null, signer);

        Assert.Equal("the signer info has no signed attributes", problem);
    }

    private static (GostParameterSet Set, ECPoint PublicKey) ExampleA1()
    {
        var p = new BigInteger("57896044618658097711785492504343953926634992332820282019728792003956564821041");
        var q = new BigInteger("57896044618658097711785492504343953927082934583725450622380973592137631069619");
        var curve = new FpCurve(p, BigInteger.ValueOf(7), new BigInteger("43308876546767276905765904595650931995942111794451039583252968842033849580414"), q, BigInteger.One);
        var g = curve.CreatePoint(BigInteger.Two, new BigInteger("4018974056539037503335449422937059775635739389905545080690979365213431566280"));
        var set = new GostParameterSet("1.2.643.7.1.2.1.1.0", "GOST R 34.10-2012 A.1 test curve", new ECDomainParameters(curve, g, q, BigInteger.One), wide: false);
        var publicKey = curve.CreatePoint(
            new BigInteger("57520216126176808443631405023338071176630104906313632182896741342206604859403"),
            new BigInteger("17614944419213781543809391949654080031942662045363639260709847859438286763994"));
        return (set, publicKey);
    }

    /// <summary>α of appendix A.1 as Streebog output bytes: its little-endian encoding.</summary>
    private static byte[] A1Digest()
    {
        var digest = new byte[32];
        Gost3410.WriteLittleEndian(new BigInteger("20798893674476452017134061561508270130637142515379653289952617252661468872421"), digest);
        return digest;
    }

    /// <summary>The signature of appendix A.1 as s ‖ r.</summary>
    private static byte[] A1Signature()
    {
        var r = new BigInteger("29700980915817952874371204983938256990422752107994319651632687982059210933395");
        var s = new BigInteger("574973400270084654178925310019147038455227042649098563933718999175515839552");
        return [.. Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, s), .. Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, r)];
    }

    private static BigInteger Hex(string hex) => new(hex, 16);

    private static GostPrivateKey ImportBigEndian(GostParameterSet set, string hex) =>
        GostPrivateKey.Import(set, Convert.FromHexString(hex).Reverse().ToArray());

    /// <summary>eContent and the SignerInfo's signature of a SignedData, read with .NET's ASN.1 reader.</summary>
    private static (byte[] Content, byte[] Signature) ContentAndSignature(byte[] cms)
    {
        var signedData = new AsnReader(cms, AsnEncodingRules.BER).ReadSequence();
        signedData.ReadObjectIdentifier();
        var inner = signedData.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        inner.ReadInteger();
        inner.ReadSetOf();
        var encapsulated = inner.ReadSequence();
        encapsulated.ReadObjectIdentifier();
        var content = encapsulated.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadOctetString();
        var signerInfo = inner.ReadSetOf().ReadSequence();
        signerInfo.ReadInteger();
        signerInfo.ReadSequence();
        signerInfo.ReadSequence();
        signerInfo.ReadSequence();
        return (content, signerInfo.ReadOctetString());
    }

    /// <summary>A "random" source that returns fixed bytes: the k of a published example.</summary>
    private sealed class FixedRandom(byte[] bytes) : IRandomGenerator
    {
        public void AddSeedMaterial(byte[] seed)
        {
        }

        public void AddSeedMaterial(ReadOnlySpan<byte> seed)
        {
        }

        public void AddSeedMaterial(long seed)
        {
        }

        public void NextBytes(byte[] bytes1) => NextBytes(bytes1, 0, bytes1.Length);

        public void NextBytes(Span<byte> bytes1)
        {
            Assert.Equal(bytes.Length, bytes1.Length);
            bytes.CopyTo(bytes1);
        }

        public void NextBytes(byte[] bytes1, int start, int len)
        {
            Assert.Equal(bytes.Length, len);
            Array.Copy(bytes, 0, bytes1, start, len);
        }
    }
}
