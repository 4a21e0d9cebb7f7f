using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;
using Npes.Eds.GostEds;
using Npes.Eds.Pki;
using Npes.Eds.Tests.BignEds;
using Xunit;

namespace Npes.Eds.Tests;

/// <summary>
/// What the providers with imported software keys (bign, GOST) do alike: key import and its refusals, signing with the
/// imported key only, verification that never throws for a bad signature, removal and disposal that wipe keys.
/// </summary>
public sealed class SoftwareKeyProviderTests(SamplePkiFixture pki) : IClassFixture<SamplePkiFixture>
{
    public static TheoryData<string> Families() => [BignEdsProvider.ProviderId, GostEdsProvider.ProviderId];

    [Theory]
    [MemberData(nameof(Families))]
    public void Verify_TamperedDataOrSignature_False(string id)
    {
        // Arrange
        var (signer, _, size) = Family(id);
        using var certificate = pki.Crt(signer);
        using var provider = WithKey(id, certificate, signer);
        var signature = provider.Sign(certificate, "data"u8);
        var flipped = (byte[])signature.Clone();
        flipped[20] ^= 0x01;

        // Act & Assert
        Assert.Equal(size, signature.Length);
        Assert.True(provider.Verify(certificate, "data"u8, signature));
        Assert.False(provider.Verify(certificate, "Data"u8, signature));
        Assert.False(provider.Verify(certificate, "data"u8, flipped));
        Assert.False(provider.Verify(certificate, "data"u8, signature.AsSpan(0, size - 1)));
        Assert.False(provider.Verify(certificate, "data"u8, []));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Verify_SignatureOfOtherCertificate_False(string id)
    {
        var (signer, other, _) = Family(id);
        using var certificate = pki.Crt(signer);
        using var otherCertificate = pki.Crt(other);
        using var provider = WithKey(id, certificate, signer);

        var signature = provider.Sign(certificate, "data"u8);

        Assert.False(provider.Verify(otherCertificate, "data"u8, signature));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Sign_NoImportedOrRemovedKey_ThrowsEds(string id)
    {
        // Arrange
        var signer = Family(id).Signer;
        using var certificate = pki.Crt(signer);
        using var provider = NewProvider(id);

        // Act
        var none = Assert.Throws<EdsException>(() => provider.Sign(certificate, "data"u8));
        provider.ImportKey(certificate, pki.Key(signer), SamplePki.DemoPassword);
        var had = provider.HasKey(certificate);
        var removed = provider.RemoveKey(certificate);

        // Assert
        Assert.Contains("private key has been imported for certificate", none.Message, StringComparison.Ordinal);
        Assert.True(had);
        Assert.True(removed);
        Assert.False(provider.HasKey(certificate));
        Assert.False(provider.RemoveKey(certificate));
        Assert.Throws<EdsException>(() => provider.Sign(certificate, "data"u8));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void SignAndVerify_EcdsaCertificate_ThrowsEds(string id)
    {
        var size = Family(id).SignatureSize;
        using var certificate = pki.Crt("citizen-1");
        using var provider = NewProvider(id);

        Assert.Throws<EdsException>(() => provider.Sign(certificate, "data"u8));
        Assert.Throws<EdsException>(() => provider.Verify(certificate, "data"u8, new byte[size]));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void ImportKey_KeyOfAnotherCertificate_ThrowsEds(string id)
    {
        var (signer, other, _) = Family(id);
        using var certificate = pki.Crt(signer);
        using var provider = NewProvider(id);

        var error = Assert.Throws<EdsException>(() => provider.ImportKey(certificate, pki.Key(other), SamplePki.DemoPassword));

        Assert.Contains("not the key of certificate", error.Message, StringComparison.Ordinal);
        Assert.False(provider.HasKey(certificate));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void ImportKey_WrongPassword_ThrowsEds(string id)
    {
        var signer = Family(id).Signer;
        using var certificate = pki.Crt(signer);
        using var provider = NewProvider(id);

        var error = Assert.Throws<EdsException>(() => provider.ImportKey(certificate, pki.Key(signer), "wrong"));

        Assert.Contains("wrong password", error.Message, StringComparison.Ordinal);
        Assert.False(provider.HasKey(certificate));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void ImportKey_EcdsaCertificateOrEmptyPassword_ThrowsArgument(string id)
    {
        var signer = Family(id).Signer;
        using var ecdsa = pki.Crt("citizen-1");
        using var certificate = pki.Crt(signer);
        using var provider = NewProvider(id);

        var notOurs = Assert.Throws<ArgumentException>(() => provider.ImportKey(ecdsa, pki.Key(signer), SamplePki.DemoPassword));
        var noPassword = Assert.Throws<ArgumentException>(() => provider.ImportKey(certificate, pki.Key(signer), ""));

        Assert.Equal("certificate", notOurs.ParamName);
        Assert.Equal("password", noPassword.ParamName);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void NullCertificate_ThrowsArgumentNull(string id)
    {
        using var provider = NewProvider(id);

        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => provider.Supports(null!)).ParamName);
        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => provider.Sign(null!, "x"u8)).ParamName);
        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => provider.Verify(null!, "x"u8, [])).ParamName);
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => provider.Describe(null!)).ParamName);
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => provider.ImportKey(null!, [], "x")).ParamName);
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => provider.HasKey(null!)).ParamName);
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => provider.RemoveKey(null!)).ParamName);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Dispose_WipesKeys(string id)
    {
        var signer = Family(id).Signer;
        using var certificate = pki.Crt(signer);
        var provider = WithKey(id, certificate, signer);

        provider.Dispose();

        Assert.False(provider.HasKey(certificate));
        Assert.Throws<EdsException>(() => provider.Sign(certificate, "data"u8));
    }

    /// <summary>A sample signer with a key file, another sample certificate of the family, and the signature size.</summary>
    private static (string Signer, string Other, int SignatureSize) Family(string id) => id == BignEdsProvider.ProviderId
        ? (SamplePki.BignCitizen, SamplePki.BignOrganisation, 48)
        : (SamplePki.GostOrganisation, SamplePki.GostIssuingCa, 64);

    private static Provider NewProvider(string id) => id switch
    {
        BignEdsProvider.ProviderId => new Provider(new BignEdsProvider()),
        _ => new Provider(new GostEdsProvider()),
    };

    private Provider WithKey(string id, X509Certificate2 certificate, string entity)
    {
        var provider = NewProvider(id);
        provider.ImportKey(certificate, pki.Key(entity), SamplePki.DemoPassword);
        return provider;
    }

    /// <summary>A provider seen as what both families are: a provider, a key store, disposable.</summary>
    private sealed class Provider(object inner) : IDisposable
    {
        private IEdsProvider Eds => (IEdsProvider)inner;

        private IEdsKeyStore Keys => (IEdsKeyStore)inner;

        public bool Supports(X509Certificate2 certificate) => Eds.Supports(certificate);

        public byte[] Sign(X509Certificate2 signer, ReadOnlySpan<byte> data) => Eds.Sign(signer, data);

        public bool Verify(X509Certificate2 signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
            Eds.Verify(signer, data, signature);

        public SignerIdentity Describe(X509Certificate2 certificate) => Eds.Describe(certificate);

        public void ImportKey(X509Certificate2 certificate, ReadOnlySpan<byte> keyFile, ReadOnlySpan<char> password) =>
            Keys.ImportKey(certificate, keyFile, password);

        public bool HasKey(X509Certificate2 certificate) => Keys.HasKey(certificate);

        public bool RemoveKey(X509Certificate2 certificate) => Keys.RemoveKey(certificate);

        public void Dispose() => ((IDisposable)inner).Dispose();
    }
}
