using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Npes.Eds.Cms;
using Npes.Eds.Pkcs11;
using Npes.Eds.Trust;
using Npes.Eds.X509;
using Npes.Testing;
using Xunit;

namespace Npes.Eds.Tests.Pkcs11;

/// <summary>Keys on real SoftHSM2 tokens, made for this test process by tools/softhsm-token.sh.</summary>
public sealed class Pkcs11TokenKeyTests
{
    private static readonly byte[] Statement = "Я, Ковалёв Андрей Павлович, получил письмо RR000000017BY."u8.ToArray();

    [SoftHsmFact]
    public void Sign_EcdsaKeyGeneratedOnToken_SignatureVerifiesWithTheTokenCertificate()
    {
        var tokens = TokenPki.Tokens;
        using var expected = TokenPki.CertificateOf(tokens.Citizen);
        using var key = TokenPki.Open(tokens.Citizen);

        var signature = key.Sign(Statement);

        Assert.Equal(expected.RawData, key.Certificate.RawData);
        Assert.Equal(64, signature.Length);
        Assert.True(new X509EdsProvider().Verify(expected, Statement, signature));
        Assert.False(new X509EdsProvider().Verify(expected, "другое заявление"u8, signature));
        Assert.Equal("ECDSA P-256 with SHA256 (CKM_ECDSA)", key.Mechanism);
        Assert.Equal(("npes-citizen", "citizen", "01"), (key.TokenLabel, key.KeyLabel, key.KeyId));
        Assert.Equal(SoftHsm.CitizenPersonalNumber, key.Describe(key.Certificate).PersonalNumber);
        Assert.Equal(X509EdsProvider.ProviderId, key.Describe(key.Certificate).ProviderId);
    }

    [SoftHsmFact]
    public void Sign_RsaKeyGeneratedOnToken_Sha256RsaPkcsSignatureVerifies()
    {
        var tokens = TokenPki.Tokens;
        using var key = TokenPki.Open(tokens.Organisation);

        var signature = key.Sign(Statement);

        Assert.Equal(256, signature.Length);
        Assert.Equal("RSA-2048 PKCS#1 v1.5 with SHA-256 (CKM_SHA256_RSA_PKCS)", key.Mechanism);
        Assert.True(key.Verify(key.Certificate, Statement, signature));
        using var rsa = key.Certificate.GetRSAPublicKey()!;
        Assert.True(rsa.VerifyData(Statement, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(SoftHsm.OrganisationUnp, key.Describe(key.Certificate).Unp);
    }

    [SoftHsmFact]
    public void SignDetached_EcdsaTokenKey_CmsVerifiesToTheSampleRoot()
    {
        using var key = TokenPki.Open(TokenPki.Tokens.Citizen);

        var cms = SignerCms.SignDetached(Statement, key.Certificate, key, DateTimeOffset.UtcNow);

        var verifier = new CmsVerifier(new ChainValidator(TokenPki.Trust()));
        var result = verifier.Verify(cms, Statement, requireTimestamp: false);
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(key.Certificate.Thumbprint, result.Signer!.Thumbprint);
        Assert.False(verifier.Verify(cms, "другой манифест"u8.ToArray(), requireTimestamp: false).IsValid);
        Assert.Equal("1.2.840.10045.4.3.2", SignatureAlgorithmOf(cms)); // ecdsa-with-SHA256
    }

    [SoftHsmFact]
    public void SignDetached_RsaTokenKey_CmsVerifiesToTheSampleRoot()
    {
        using var key = TokenPki.Open(TokenPki.Tokens.Organisation);

        var cms = SignerCms.SignDetached(Statement, key.Certificate, key, DateTimeOffset.UtcNow);

        var result = new CmsVerifier(new ChainValidator(TokenPki.Trust())).Verify(cms, Statement, requireTimestamp: false);
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(key.Certificate.Thumbprint, result.Signer!.Thumbprint);
    }

    [SoftHsmFact]
    public void OpenPrivateKey_TokenKey_SignsThroughTheTokenAndExportsNothingPrivate()
    {
        using var key = TokenPki.Open(TokenPki.Tokens.Citizen);
        using var other = TokenPki.CertificateOf(TokenPki.Tokens.Organisation);

        using var ecdsa = Assert.IsAssignableFrom<ECDsa>(key.OpenPrivateKey(key.Certificate));
        var signature = ecdsa.SignData(Statement, HashAlgorithmName.SHA256);

        using var publicKey = key.Certificate.GetECDsaPublicKey()!;
        Assert.True(publicKey.VerifyData(Statement, signature, HashAlgorithmName.SHA256));
        Assert.Throws<CryptographicException>(() => ecdsa.ExportParameters(includePrivateParameters: true));
        Assert.Throws<CryptographicException>(() => ecdsa.ExportPkcs8PrivateKey());
        Assert.Equal(publicKey.ExportSubjectPublicKeyInfo(), ecdsa.ExportSubjectPublicKeyInfo());
        Assert.Null(key.OpenPrivateKey(other));
    }

    [SoftHsmFact]
    public void PrivateKeyAttributes_GeneratedByTheScript_NotExtractableAndSensitive()
    {
        foreach (var key in new[] { TokenPki.Tokens.Citizen, TokenPki.Tokens.Organisation })
        {
            var attributes = ReadPrivateKeyAttributes(key, [CKA.CKA_EXTRACTABLE, CKA.CKA_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_VALUE]);

            Assert.False(attributes[0].GetValueAsBool(), key.Token + ": CKA_EXTRACTABLE");
            Assert.True(attributes[1].GetValueAsBool(), key.Token + ": CKA_SENSITIVE");
            Assert.True(attributes[2].GetValueAsBool(), key.Token + ": CKA_NEVER_EXTRACTABLE");
            Assert.True(attributes[3].GetValueAsBool(), key.Token + ": CKA_ALWAYS_SENSITIVE");
            Assert.True(attributes[4].CannotBeRead, key.Token + ": the private value is readable");
        }
    }

    [SoftHsmFact]
    public void Open_WrongPin_WrongPinFailureSayingFewTriesRemain()
    {
        var error = Assert.Throws<EdsTokenException>(() => TokenPki.Open(TokenPki.Tokens.WrongPin, "000000"));

        Assert.Equal(TokenFailure.WrongPin, error.Failure);
        Assert.Equal(
            "Token 'npes-wrong-pin' refused the PIN (CKR_PIN_INCORRECT). The token reports that few tries remain before it locks the PIN.",
            error.Message);
        Assert.DoesNotContain("000000", error.ToString(), StringComparison.Ordinal);
    }

    [SoftHsmFact]
    public void Open_LockedUserPin_PinLockedFailureWithoutTryingThePin()
    {
        var error = Assert.Throws<EdsTokenException>(() => TokenPki.Open(TokenPki.Tokens.Locked));

        Assert.Equal(TokenFailure.PinLocked, error.Failure);
        Assert.StartsWith("The user PIN of token 'npes-locked' is locked after too many wrong PINs", error.Message, StringComparison.Ordinal);
    }

    [SoftHsmFact]
    public void Open_UnknownKeyLabel_KeyNotFoundListingTheKeysThere()
    {
        var tokens = TokenPki.Tokens;
        var reference = TokenPki.Reference(tokens.Citizen) with { KeyLabel = "missing" };

        var error = Assert.Throws<EdsTokenException>(() => Pkcs11TokenKey.Open(reference, SoftHsm.Pin, TokenPki.Providers()));

        Assert.Equal(TokenFailure.KeyNotFound, error.Failure);
        Assert.Equal("Token 'npes-citizen' holds no private key 'missing'; keys there: 'citizen' (id 01).", error.Message);
    }

    [SoftHsmFact]
    public void Open_UnknownKeyId_KeyNotFound()
    {
        var reference = TokenPki.Reference(TokenPki.Tokens.Citizen, withKeyLabel: false) with { KeyId = "7f" };

        var error = Assert.Throws<EdsTokenException>(() => Pkcs11TokenKey.Open(reference, SoftHsm.Pin, TokenPki.Providers()));

        Assert.Equal(TokenFailure.KeyNotFound, error.Failure);
        Assert.StartsWith("Token 'npes-citizen' holds no private key id 7f;", error.Message, StringComparison.Ordinal);
    }

    [SoftHsmFact]
    public void Open_KeyWithoutCertificate_CertificateNotFoundSayingHowToWriteIt()
    {
        var error = Assert.Throws<EdsTokenException>(() => TokenPki.Open(TokenPki.Tokens.NoCertificate));

        Assert.Equal(TokenFailure.CertificateNotFound, error.Failure);
        Assert.Equal(
            "Token 'npes-no-cert' holds no certificate for key 'citizen' (id 01); write it onto the token under the key's id, e.g. pkcs11-tool --write-object CERT.der --type cert --id 01 --login.",
            error.Message);
    }

    [SoftHsmFact]
    public void Open_TokenNotPresent_TokenNotPresentListingThePresentOnes()
    {
        var tokens = TokenPki.Tokens;
        var reference = TokenPki.Reference(tokens.Citizen) with { TokenLabel = "npes-elsewhere" };

        var error = Assert.Throws<EdsTokenException>(() => Pkcs11TokenKey.Open(reference, SoftHsm.Pin, TokenPki.Providers()));

        Assert.Equal(TokenFailure.TokenNotPresent, error.Failure);
        Assert.StartsWith($"No token 'npes-elsewhere' is present in {tokens.Module}; present: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("'npes-citizen' (serial ", error.Message, StringComparison.Ordinal);
    }

    [SoftHsmFact]
    public void Open_TokenBySerialNumber_OpensThatToken()
    {
        var tokens = TokenPki.Tokens;
        string serial;
        using (var byLabel = TokenPki.Open(tokens.Citizen))
        {
            serial = byLabel.TokenSerial;
        }

        using var key = Pkcs11TokenKey.Open(new Pkcs11KeyReference(tokens.Module, null, serial), SoftHsm.Pin, TokenPki.Providers());

        Assert.Equal("npes-citizen", key.TokenLabel);
        Assert.Equal("citizen", key.KeyLabel); // the token's only key with a certificate
    }

    [SoftHsmFact]
    public void Open_TwoKeysAndNoneNamed_KeyAmbiguousListingBoth()
    {
        var tokens = TokenPki.Tokens;
        var reference = TokenPki.Reference(tokens.FirstOfTwo, withKeyLabel: false);

        var error = Assert.Throws<EdsTokenException>(() => Pkcs11TokenKey.Open(reference, SoftHsm.Pin, TokenPki.Providers()));
        using var second = Pkcs11TokenKey.Open(TokenPki.Reference(tokens.SecondOfTwo, withKeyLabel: false, withKeyId: true), SoftHsm.Pin, TokenPki.Providers());
        using var expected = TokenPki.CertificateOf(tokens.SecondOfTwo);

        Assert.Equal(TokenFailure.KeyAmbiguous, error.Failure);
        Assert.Equal("2 private keys on token 'npes-two-keys' match (the only key with a certificate): 'first' (id 01), 'second' (id 02); choose one by its label and id.", error.Message);
        Assert.Equal("second", second.KeyLabel);
        Assert.Equal(expected.RawData, second.Certificate.RawData);
    }

    [SoftHsmFact]
    public void Sign_KeyAskingForThePinEachTime_SignsTwice()
    {
        Assert.True(ReadPrivateKeyAttributes(TokenPki.Tokens.AlwaysAuthenticate, [CKA.CKA_ALWAYS_AUTHENTICATE])[0].GetValueAsBool());
        using var key = TokenPki.Open(TokenPki.Tokens.AlwaysAuthenticate);

        var first = key.Sign(Statement);
        var second = key.Sign(Statement);

        Assert.True(key.Verify(key.Certificate, Statement, first));
        Assert.True(key.Verify(key.Certificate, Statement, second));
    }

    [SoftHsmFact]
    public void Open_TokenHeldByAnotherKey_WaitsThenTokenBusy()
    {
        using var first = TokenPki.Open(TokenPki.Tokens.FirstOfTwo);

        var error = Assert.Throws<EdsTokenException>(() => TokenPki.Open(TokenPki.Tokens.SecondOfTwo, options: new Pkcs11Options { BusyTimeout = TimeSpan.FromMilliseconds(50) }));

        Assert.Equal(TokenFailure.TokenBusy, error.Failure);
        Assert.StartsWith("Token 'npes-two-keys' is in use by another signing operation", error.Message, StringComparison.Ordinal);
        Assert.True(first.Verify(first.Certificate, Statement, first.Sign(Statement)));
    }

    [SoftHsmFact]
    public void Dispose_OpenKey_LogsOutAndFreesTheTokenForTheNext()
    {
        var key = TokenPki.Open(TokenPki.Tokens.FirstOfTwo);
        key.Dispose();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Sign(Statement));
        using var next = TokenPki.Open(TokenPki.Tokens.FirstOfTwo, options: new Pkcs11Options { BusyTimeout = TimeSpan.FromMilliseconds(50) });
        Assert.True(next.Verify(next.Certificate, Statement, next.Sign(Statement)));
    }

    [Fact]
    public void Open_ModuleDoesNotExist_ModuleUnavailable()
    {
        var reference = new Pkcs11KeyReference("/nonexistent/libvendor-pkcs11.so", "npes-citizen");

        var error = Assert.Throws<EdsTokenException>(() => Pkcs11TokenKey.Open(reference, SoftHsm.Pin, TokenPki.Providers()));

        Assert.Equal(TokenFailure.ModuleUnavailable, error.Failure);
        Assert.Equal("The PKCS#11 module /nonexistent/libvendor-pkcs11.so does not exist.", error.Message);
    }

    [Fact]
    public void Open_ModuleIsNotALibrary_ModuleUnavailable()
    {
        var file = Path.Combine(Path.GetTempPath(), "npes-not-a-module-" + Guid.NewGuid().ToString("N") + ".so");
        File.WriteAllText(file, "not a shared library");
        try
        {
            var error = Assert.Throws<EdsTokenException>(() => Pkcs11TokenKey.Open(new Pkcs11KeyReference(file, "npes-citizen"), SoftHsm.Pin, TokenPki.Providers()));

            Assert.Equal(TokenFailure.ModuleUnavailable, error.Failure);
            Assert.Equal($"The PKCS#11 module {file} cannot be loaded (missing, unreadable, or built for another platform).", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Open_LibraryWithoutPkcs11Functions_ModuleUnavailable()
    {
        var library = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.Native.so"); // a real library of every .NET on Linux

        var error = Assert.Throws<EdsTokenException>(() => Pkcs11TokenKey.Open(new Pkcs11KeyReference(library, "npes-citizen"), SoftHsm.Pin, TokenPki.Providers()));

        Assert.Equal(TokenFailure.ModuleUnavailable, error.Failure);
        Assert.Equal($"{library} is not a PKCS#11 module: it has no C_GetFunctionList.", error.Message);
    }

    [Fact]
    public void Open_NullOrUnusableArguments_Throws()
    {
        var reference = new Pkcs11KeyReference("/usr/lib/softhsm/libsofthsm2.so", "npes-citizen");
        var providers = TokenPki.Providers();

        Assert.Equal("reference", Assert.Throws<ArgumentNullException>(() => Pkcs11TokenKey.Open(null!, SoftHsm.Pin, providers)).ParamName);
        Assert.Equal("providers", Assert.Throws<ArgumentNullException>(() => Pkcs11TokenKey.Open(reference, SoftHsm.Pin, null!)).ParamName);
        Assert.Equal("pin", Assert.Throws<ArgumentException>(() => Pkcs11TokenKey.Open(reference, new string('1', 257), providers)).ParamName);
        Assert.Equal("Module", Assert.Throws<ArgumentException>(() => Pkcs11TokenKey.Open(reference with { Module = " " }, SoftHsm.Pin, providers)).ParamName);
    }

    [Theory]
    [InlineData("", "t", null, null, null, "Module")]
    [InlineData("m.so", null, null, null, null, "TokenLabel")]
    [InlineData("m.so", "  ", null, null, null, "TokenLabel")]
    [InlineData("m.so", "a-label-that-is-longer-than-32-bytes", null, null, null, "TokenLabel")]
    [InlineData("m.so", "ёёёёёёёёёёёёёёёёё", null, null, null, "TokenLabel")]
    [InlineData("m.so", null, "0123456789abcdef0", null, null, "TokenSerial")]
    [InlineData("m.so", "t", null, "", null, "KeyLabel")]
    [InlineData("m.so", "t", null, null, "0", "KeyId")]
    [InlineData("m.so", "t", null, null, "zz", "KeyId")]
    [InlineData("m.so", "t", null, null, "", "KeyId")]
    public void Validate_UnusableReference_ArgumentExceptionNamingThePart(string module, string? label, string? serial, string? keyLabel, string? keyId, string part)
    {
        var reference = new Pkcs11KeyReference(module, label, serial, keyLabel, keyId);

        Assert.Equal(part, Assert.Throws<ArgumentException>(reference.Validate).ParamName);
    }

    [Fact]
    public void Validate_LongestAcceptedParts_Accepted()
    {
        new Pkcs11KeyReference("libvendor.so", new string('т', 16), new string('9', 16), new string('k', 256), new string('a', 128)).Validate();
    }

    [SoftHsmFact]
    public void ProviderMembers_NullOrForeignArguments_Throw()
    {
        using var key = TokenPki.Open(TokenPki.Tokens.Citizen);
        using var foreign = TokenPki.CertificateOf(TokenPki.Tokens.Organisation);

        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => key.Supports(null!)).ParamName);
        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => key.Sign(null!, Statement)).ParamName);
        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => key.Verify(null!, Statement, new byte[64])).ParamName);
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => key.Describe(null!)).ParamName);
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => key.OpenPrivateKey(null!)).ParamName);
        Assert.False(key.Supports(foreign));
        Assert.Equal(
            $"The key on token 'npes-citizen' belongs to '{key.Certificate.Subject}', not to '{foreign.Subject}'.",
            Assert.Throws<EdsException>(() => key.Sign(foreign, Statement)).Message);
        Assert.False(key.Verify(foreign, Statement, new byte[256]));
    }

    /// <summary>The private key's attributes, read through PKCS#11 in a session of the test's own.</summary>
    private static List<IObjectAttribute> ReadPrivateKeyAttributes(SoftHsmKey key, List<CKA> attributes)
    {
        using var module = Pkcs11Modules.Acquire(key.Module);
        var slot = module.Library.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label == key.Token);
        using var gate = module.EnterToken(slot.SlotId, key.Token, TimeSpan.FromSeconds(30));
        using var session = slot.OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, SoftHsm.Pin);
        try
        {
            var factory = Pkcs11Modules.Factories.ObjectAttributeFactory;
            var handle = Assert.Single(session.FindAllObjects([factory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), factory.Create(CKA.CKA_LABEL, key.KeyLabel)]));
            return session.GetAttributeValue(handle, attributes);
        }
        finally
        {
            session.Logout();
        }
    }

    private static string? SignatureAlgorithmOf(byte[] cms)
    {
        var signed = new SignedCms();
        signed.Decode(cms);
        return signed.SignerInfos[0].SignatureAlgorithm.Value;
    }
}
