using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Npes.Eds.Pkcs11;
using Npes.Eds.Pki;
using Npes.Eds.Stb;
using Npes.Eds.Tests.BignEds;
using Xunit;

namespace Npes.Eds.Tests.Pkcs11;

/// <summary>
/// How a token key's mechanism is chosen and its output read, for every algorithm — including bign and GOST, which no
/// token here can sign with (SoftHSM2 knows neither; vendors' modules do, under their own mechanism numbers).
/// </summary>
public sealed class TokenSignatureTests(SamplePkiFixture pki) : IClassFixture<SamplePkiFixture>
{
    private const ulong VendorBign = 0x80000045;
    private const ulong Ec = (ulong)CKK.CKK_EC;
    private const ulong Rsa = (ulong)CKK.CKK_RSA;
    private const ulong VendorKeyType = 0x80000001;
    private static readonly byte[] Data = "заявление"u8.ToArray();

    [Fact]
    public void Select_EcdsaKeyWithRawEcdsa_SignsSha256DigestAndDigestsForCms()
    {
        using var certificate = pki.Crt("citizen-1");
        var signature = TokenSignature.Select(certificate, Ec, Set(CKM.CKM_ECDSA, CKM.CKM_ECDSA_SHA256), new Pkcs11Options(), "'t'");

        var input = signature.ForData(Data);
        var digest = signature.ForDigest(SHA384.HashData(Data), HashAlgorithmName.SHA384);

        Assert.Equal((ulong)CKM.CKM_ECDSA, input.Mechanism);
        Assert.Equal(SHA256.HashData(Data), input.Bytes);
        Assert.Equal(SHA384.HashData(Data), digest!.Value.Bytes);
        Assert.Equal("ECDSA P-256 with SHA256 (CKM_ECDSA)", signature.Description);
    }

    [Fact]
    public void Select_EcdsaKeyWithHashingMechanismOnly_DataToTheTokenAndNoCms()
    {
        using var certificate = pki.Crt("citizen-1");
        var signature = TokenSignature.Select(certificate, Ec, Set(CKM.CKM_ECDSA_SHA256), new Pkcs11Options(), "'t'");

        var input = signature.ForData(Data);

        Assert.Equal((ulong)CKM.CKM_ECDSA_SHA256, input.Mechanism);
        Assert.Equal(Data, input.Bytes);
        Assert.Null(signature.ForDigest(SHA256.HashData(Data), HashAlgorithmName.SHA256));
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => signature.ForData(new byte[TokenSignature.MaxTokenInputBytes + 1])).ParamName);
    }

    [Fact]
    public void Finish_EcdsaDerFromTheModule_BecomesRAndS()
    {
        using var certificate = pki.Crt("citizen-1");
        var signature = TokenSignature.Select(certificate, Ec, Set(CKM.CKM_ECDSA), new Pkcs11Options(), "'t'");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = key.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        var finished = signature.Finish(der, "'t'");

        Assert.Equal(64, finished.Length);
        Assert.True(key.VerifyData(Data, finished, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal(TokenFailure.DeviceError, Assert.Throws<EdsTokenException>(() => signature.Finish(new byte[63], "'t'")).Failure);
        Assert.Equal("Token 't' returned a 5-byte ECDSA signature; P-256 signatures are r ‖ s of 64 bytes.", Assert.Throws<EdsTokenException>(() => signature.Finish([0x30, 0x03, 0x02, 0x01, 0x01], "'t'")).Message);
    }

    [Fact]
    public void Select_EcdsaKeyWithoutEcdsaMechanisms_MechanismUnsupported()
    {
        using var certificate = pki.Crt("citizen-1");

        var error = Assert.Throws<EdsTokenException>(() => TokenSignature.Select(certificate, Ec, Set(CKM.CKM_RSA_PKCS), new Pkcs11Options(), "'t'"));

        Assert.Equal(TokenFailure.MechanismUnsupported, error.Failure);
        Assert.Equal("Token 't' offers neither CKM_ECDSA nor CKM_ECDSA_SHA256: it cannot sign with its ECDSA key.", error.Message);
    }

    [Fact]
    public void Select_RsaKeyWithRawRsaOnly_Sha256DigestInfoToTheToken()
    {
        using var certificate = RsaCertificate(2048);
        var signature = TokenSignature.Select(certificate, Rsa, Set(CKM.CKM_RSA_PKCS), new Pkcs11Options(), "'t'");

        var input = signature.ForData(Data);

        Assert.Equal((ulong)CKM.CKM_RSA_PKCS, input.Mechanism);
        var digestInfo = new AsnReader(input.Bytes, AsnEncodingRules.DER).ReadSequence();
        var algorithm = digestInfo.ReadSequence();
        Assert.Equal("2.16.840.1.101.3.4.2.1", algorithm.ReadObjectIdentifier());
        algorithm.ReadNull();
        Assert.Equal(SHA256.HashData(Data), digestInfo.ReadOctetString());
        Assert.NotNull(signature.ForDigest(SHA512.HashData(Data), HashAlgorithmName.SHA512));
        Assert.Throws<CryptographicException>(() => signature.ForDigest(SHA256.HashData(Data), HashAlgorithmName.SHA512));
        Assert.Equal("RSA-2048 PKCS#1 v1.5 with SHA-256 (CKM_RSA_PKCS)", signature.Description);
    }

    [Fact]
    public void Select_RsaKeyWithHashingMechanismOnly_DataToTheTokenAndNoCms()
    {
        using var certificate = RsaCertificate(2048);
        var signature = TokenSignature.Select(certificate, Rsa, Set(CKM.CKM_SHA256_RSA_PKCS), new Pkcs11Options(), "'t'");

        Assert.Equal((ulong)CKM.CKM_SHA256_RSA_PKCS, signature.ForData(Data).Mechanism);
        Assert.Equal(Data, signature.ForData(Data).Bytes);
        Assert.Null(signature.ForDigest(SHA256.HashData(Data), HashAlgorithmName.SHA256));
        Assert.Equal(TokenFailure.DeviceError, Assert.Throws<EdsTokenException>(() => signature.Finish(new byte[255], "'t'")).Failure);
    }

    [Fact]
    public void Select_ShortRsaOrMismatchedKeyType_MechanismUnsupported()
    {
        using var shortRsa = RsaCertificate(1024);
        using var ecdsa = pki.Crt("citizen-1");

        var tooShort = Assert.Throws<EdsTokenException>(() => TokenSignature.Select(shortRsa, Rsa, Set(CKM.CKM_RSA_PKCS), new Pkcs11Options(), "'t'"));
        var mismatch = Assert.Throws<EdsTokenException>(() => TokenSignature.Select(ecdsa, Rsa, Set(CKM.CKM_RSA_PKCS), new Pkcs11Options(), "'t'"));

        Assert.Equal("The key on token 't' is RSA of 1024 bits; NPES accepts RSA of at least 2048 bits.", tooShort.Message);
        Assert.Equal(TokenFailure.MechanismUnsupported, mismatch.Failure);
        Assert.Contains("(PKCS#11 key type 0x0)", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_BignKeyWithoutConfiguredMechanism_SaysWhereToConfigureIt()
    {
        using var certificate = pki.Crt(SamplePki.BignCitizen);

        var error = Assert.Throws<EdsTokenException>(() => TokenSignature.Select(certificate, VendorKeyType, Set(), new Pkcs11Options(), "'avtoken'"));

        Assert.Equal(TokenFailure.MechanismUnsupported, error.Failure);
        Assert.Equal(
            "The key on token 'avtoken' is bign (STB 34.101.45), which PKCS#11 signs only through a vendor mechanism: configure its number (Npes:Eds:Pkcs11:Bign:Mechanism, or bign=NUMBER in NPES_PKCS11_MECHANISMS for the CLI).",
            error.Message);
    }

    [Fact]
    public void Select_BignMechanismTheModuleDoesNotOffer_MechanismUnsupported()
    {
        using var certificate = pki.Crt(SamplePki.BignCitizen);
        var options = Pkcs11Options.ParseMechanisms("bign=0x80000045");

        var error = Assert.Throws<EdsTokenException>(() => TokenSignature.Select(certificate, VendorKeyType, Set(CKM.CKM_ECDSA), options, "'avtoken'"));

        Assert.Equal("Token 'avtoken' does not offer mechanism 0x80000045, configured for bign.", error.Message);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("digest")]
    public void Select_BignVendorMechanism_DataOrBeltHashDigestToTheToken(string input)
    {
        using var certificate = pki.Crt(SamplePki.BignCitizen);
        var options = Pkcs11Options.ParseMechanisms("bign=0x80000045:" + input);

        var signature = TokenSignature.Select(certificate, VendorKeyType, new HashSet<ulong> { VendorBign }, options, "'avtoken'");
        var token = signature.ForData(Data);

        Assert.Equal(VendorBign, token.Mechanism);
        Assert.Equal(input == "data" ? Data : BeltHash.HashData(Data), token.Bytes);
        Assert.Null(signature.ForDigest(BeltHash.HashData(Data), default));
        Assert.Equal(48, signature.Finish(new byte[48], "'avtoken'").Length);
        Assert.Equal(
            "Token 'avtoken' returned a 64-byte bign (STB 34.101.45) signature with mechanism 0x80000045; NPES expects 48 bytes.",
            Assert.Throws<EdsTokenException>(() => signature.Finish(new byte[64], "'avtoken'")).Message);
    }

    [Fact]
    public void Select_Gost256Key_UsesTheGost256MechanismWithStreebogDigest()
    {
        using var certificate = pki.Crt(SamplePki.GostOrganisation);
        var missing = Assert.Throws<EdsTokenException>(() => TokenSignature.Select(certificate, VendorKeyType, Set(), Pkcs11Options.ParseMechanisms("gost-512=0xd4321009"), "'rutoken'"));
        var options = Pkcs11Options.ParseMechanisms("gost-256=0xd4321008:digest");

        var signature = TokenSignature.Select(certificate, VendorKeyType, new HashSet<ulong> { 0xd4321008 }, options, "'rutoken'");

        Assert.Contains("configure its number (Npes:Eds:Pkcs11:Gost256:Mechanism, or gost-256=NUMBER", missing.Message, StringComparison.Ordinal);
        Assert.Equal(32, signature.ForData(Data).Bytes.Length);
        Assert.NotEqual(SHA256.HashData(Data), signature.ForData(Data).Bytes);
        Assert.Equal(64, signature.Finish(new byte[64], "'rutoken'").Length);
        Assert.Equal("GOST R 34.10-2012 (vendor mechanism 0xd4321008 over the digest)", signature.Description);
    }

    [Fact]
    public void ParseMechanisms_AllAlgorithms_NumbersAndInputs()
    {
        var options = Pkcs11Options.ParseMechanisms(" bign=0x80000045 , GOST-256=3560050696:digest,gost-512=0xD4321009:Data ");

        Assert.Equal((VendorBign, Pkcs11MechanismInput.Data), (options.Bign!.Number(), options.Bign.Input));
        Assert.Equal((0xd4321008UL, Pkcs11MechanismInput.Digest), (options.Gost256!.Number(), options.Gost256.Input));
        Assert.Equal((0xd4321009UL, Pkcs11MechanismInput.Data), (options.Gost512!.Number(), options.Gost512.Input));
        Assert.Null(Pkcs11Options.ParseMechanisms(null).Bign);
        Assert.Null(Pkcs11Options.ParseMechanisms("  ").Gost256);
    }

    [Theory]
    [InlineData("bign", "'bign' is not ALGORITHM=NUMBER[:data|:digest].")]
    [InlineData("=0x1", "'=0x1' is not ALGORITHM=NUMBER[:data|:digest].")]
    [InlineData("bign=zz", "'zz' is not a PKCS#11 mechanism number (hex 0x80000045 or decimal).")]
    [InlineData("bign=0x", "'0x' is not a PKCS#11 mechanism number (hex 0x80000045 or decimal).")]
    [InlineData("bign=0", "'0' is not a PKCS#11 mechanism number (hex 0x80000045 or decimal).")]
    [InlineData("bign=-1", "'-1' is not a PKCS#11 mechanism number (hex 0x80000045 or decimal).")]
    [InlineData("bign=0x1:hash", "'bign=0x1:hash': the input is 'data' or 'digest', not 'hash'.")]
    [InlineData("rsa=0x1", "'rsa=0x1': the algorithm is bign, gost-256 or gost-512, not 'rsa'.")]
    public void ParseMechanisms_MalformedEntry_ArgumentExceptionNamingIt(string list, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Pkcs11Options.ParseMechanisms(list));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseMechanisms_OverlongList_Refused()
    {
        Assert.Equal("list", Assert.Throws<ArgumentException>(() => Pkcs11Options.ParseMechanisms(new string(',', Pkcs11Options.MaxMechanismListLength + 1))).ParamName);
    }

    [Theory]
    [InlineData(CKR.CKR_PIN_INCORRECT, TokenFailure.WrongPin, "Token 't' refused the PIN (C_Login returned CKR_PIN_INCORRECT).")]
    [InlineData(CKR.CKR_PIN_LEN_RANGE, TokenFailure.WrongPin, "Token 't' refused the PIN: it has a length or characters the token never accepts (C_Login returned CKR_PIN_LEN_RANGE).")]
    [InlineData(CKR.CKR_PIN_LOCKED, TokenFailure.PinLocked, "The user PIN of token 't' is locked (C_Login returned CKR_PIN_LOCKED); it can only be unlocked with the token's administration tool and its security officer PIN or PUK.")]
    [InlineData(CKR.CKR_PIN_EXPIRED, TokenFailure.PinLocked, "The user PIN of token 't' has expired (C_Login returned CKR_PIN_EXPIRED); change it with the token's administration tool first.")]
    [InlineData(CKR.CKR_DEVICE_REMOVED, TokenFailure.TokenRemoved, "Token 't' was removed or lost its session while opening key 'k' (C_Login returned CKR_DEVICE_REMOVED).")]
    [InlineData(CKR.CKR_TOKEN_NOT_PRESENT, TokenFailure.TokenRemoved, "Token 't' was removed or lost its session while opening key 'k' (C_Login returned CKR_TOKEN_NOT_PRESENT).")]
    [InlineData(CKR.CKR_SESSION_HANDLE_INVALID, TokenFailure.TokenRemoved, "Token 't' was removed or lost its session while opening key 'k' (C_Login returned CKR_SESSION_HANDLE_INVALID).")]
    [InlineData(CKR.CKR_MECHANISM_INVALID, TokenFailure.MechanismUnsupported, "Token 't' cannot do what NPES asked while opening key 'k' (C_Login returned CKR_MECHANISM_INVALID).")]
    [InlineData(CKR.CKR_FUNCTION_CANCELED, TokenFailure.DeviceError, "The operation was cancelled on token 't' while opening key 'k' (C_Login returned CKR_FUNCTION_CANCELED).")]
    [InlineData(CKR.CKR_DEVICE_ERROR, TokenFailure.DeviceError, "Token 't' failed while opening key 'k' (C_Login returned CKR_DEVICE_ERROR).")]
    public void Map_ModuleReturnValue_FailureAndMessage(CKR returned, TokenFailure failure, string message)
    {
        var error = Pkcs11Errors.Map(new Pkcs11Exception("C_Login", returned), "'t'", "opening key 'k'");

        Assert.Equal((failure, message), (error.Failure, error.Message));
        Assert.IsType<Pkcs11Exception>(error.InnerException);
    }

    [Fact]
    public void Map_Null_Throws()
    {
        Assert.Equal("error", Assert.Throws<ArgumentNullException>(() => Pkcs11Errors.Map(null!, "'t'", "x")).ParamName);
    }

    private static HashSet<ulong> Set(params CKM[] mechanisms) => mechanisms.Select(m => (ulong)m).ToHashSet();

    private static X509Certificate2 RsaCertificate(int bits)
    {
        using var key = RSA.Create(bits);
        var request = new CertificateRequest("CN=RSA holder", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadCertificate(withKey.RawData);
    }
}
