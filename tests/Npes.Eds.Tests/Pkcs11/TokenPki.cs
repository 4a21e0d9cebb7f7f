using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Npes.Eds.BignEds;
using Npes.Eds.GostEds;
using Npes.Eds.Pkcs11;
using Npes.Eds.Pki;
using Npes.Eds.Trust;
using Npes.Eds.X509;
using Npes.Testing;

namespace Npes.Eds.Tests.Pkcs11;

/// <summary>The sample PKI of this test process and the SoftHSM2 tokens made from it, with what the token tests use.</summary>
internal static class TokenPki
{
    private static readonly Lazy<string> PkiDirectory = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), "npes-eds-token-pki-" + Guid.NewGuid().ToString("N"));
        SamplePki.Ensure(directory, TimeProvider.System);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return directory;
    });

    public static SoftHsm Tokens => SoftHsm.Tokens(PkiDirectory.Value);

    public static Pkcs11KeyReference Reference(SoftHsmKey key, bool withKeyLabel = true, bool withKeyId = false) =>
        new(key.Module, key.Token, KeyLabel: withKeyLabel ? key.KeyLabel : null, KeyId: withKeyId ? key.KeyId : null);

    public static IEdsProviderRegistry Providers() =>
        new EdsProviderRegistry([new X509EdsProvider(), new BignEdsProvider(), new GostEdsProvider()], Options.Create(new EdsOptions()));

    public static Pkcs11TokenKey Open(SoftHsmKey key, string pin = SoftHsm.Pin, Pkcs11Options? options = null) =>
        Pkcs11TokenKey.Open(Reference(key), pin, Providers(), options);

    public static X509Certificate2 CertificateOf(SoftHsmKey key) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(key.CertificateFile ?? throw new InvalidOperationException($"{key.Token} has no certificate.")));

    public static TrustMaterial Trust()
    {
        var options = new EdsOptions();
        options.TrustAnchors.Add(Path.Combine(PkiDirectory.Value, "root-ca.crt"));
        options.Intermediates.Add(Path.Combine(PkiDirectory.Value, SamplePki.ChainFile));
        options.Crls.Add(Path.Combine(PkiDirectory.Value, SamplePki.CrlFile));
        return TrustMaterial.Load(options, PkiDirectory.Value);
    }
}
