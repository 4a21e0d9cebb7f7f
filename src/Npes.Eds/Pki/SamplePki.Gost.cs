using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.GostEds;
using Npes.Eds.Keys;
using Npes.Eds.X509;

namespace Npes.Eds.Pki;

/// <summary>
/// The GOST half of the sample PKI (GOST R 34.10-2012 with Streebog, RFC 9215), for EAEU cross-border documents: a root
/// CA with a 512-bit key (tc26 512 paramSetA), an issuing CA with a 256-bit key on CryptoPro-A and a GOST-signed CRL, and
/// a Russian organisation with a 256-bit key on tc26 256 paramSetA. A GOST certificate is <c>NAME.crt</c> (PEM) and its
/// private key <c>NAME.key</c>, a GOST key container (PEM <c>ENCRYPTED PRIVATE KEY</c>, <see cref="GostKeyContainer"/>)
/// under <see cref="DemoPassword"/>.
/// </summary>
public static partial class SamplePki
{
    public const string GostRootCa = "gost-root-ca";
    public const string GostIssuingCa = "gost-issuing-ca";
    public const string GostOrganisation = "gost-org-1";
    public const string GostCrlFile = "gost-issuing-ca.crl";
    public const string GostChainFile = "gost-chain.pem";

    /// <summary>ИНН (taxpayer number) of the sample Russian organisation (10 digits, check digit valid).</summary>
    public const string GostOrganisationInn = "7701234560";

    /// <summary>ОГРН (primary state registration number) of the sample Russian organisation (13 digits, check digit valid).</summary>
    public const string GostOrganisationOgrn = "1027700123450";

    /// <summary>INNLE, the ИНН of a legal entity in a Russian qualified certificate (order of the FSB No. 795).</summary>
    internal const string InnLeOid = "1.2.643.100.4";

    /// <summary>OGRN in a Russian qualified certificate.</summary>
    internal const string OgrnOid = "1.2.643.100.1";

    private static readonly Entity GostRoot = new(
        GostRootCa, "GOST root CA (GOST R 34.10-2012, 512-bit key): the trust anchor of GOST certificates (Npes:Eds:TrustAnchors)", 20, EntityKind.RootCa,
        Name("RU", b => b.AddOrganizationName("NPES Sample PKI"), "NPES Sample GOST Root CA (SAMPLE - NOT FOR PRODUCTION)"));

    private static readonly Entity GostIssuing = new(
        GostIssuingCa, "GOST issuing CA (256-bit key, CryptoPro-A), signed by the GOST root (Npes:Eds:Intermediates)", 10, EntityKind.IssuingCa,
        Name("RU", b => b.AddOrganizationName("NPES Sample PKI"), "NPES Sample GOST Issuing CA (SAMPLE - NOT FOR PRODUCTION)"));

    private static readonly Entity[] GostLeaves =
    [
        new(GostOrganisation, $"Organisation with a GOST key ООО «Евразийский Пример», ИНН {GostOrganisationInn}", 3, EntityKind.Signer, Name(
            "RU",
            b =>
            {
                b.AddOrganizationName("ООО «Евразийский Пример»");
                b.Add(DistinguishedNames.OrganizationIdentifier, $"VATRU-{GostOrganisationInn}", UniversalTagNumber.PrintableString);
                b.Add(InnLeOid, GostOrganisationInn, UniversalTagNumber.NumericString);
                b.Add(OgrnOid, GostOrganisationOgrn, UniversalTagNumber.NumericString);
                b.AddLocalityName("Москва");
            },
            "ООО «Евразийский Пример»")),
    ];

    /// <summary>GOST R 34.10-2012 keys in GOST key containers; the parameter set depends on the entity.</summary>
    private sealed class GostFamily : KeyFileFamily<GostPrivateKey>
    {
        public static readonly GostFamily Instance = new();

        public override int MaxContainerBytes => KeyContainer.MaxContainerBytes;

        public override GostPrivateKey Generate(Entity entity) => GostPrivateKey.Generate(entity.Kind switch
        {
            EntityKind.RootCa => GostParameterSet.Tc26Gost512A,
            EntityKind.IssuingCa => GostParameterSet.CryptoProA,
            _ => GostParameterSet.Tc26Gost256A,
        });

        public override string EncryptPem(GostPrivateKey key) => GostKeyContainer.EncryptPem(key, DemoPassword, SampleKeyIterations);

        public override GostPrivateKey Decrypt(byte[] container) => GostKeyContainer.Decrypt(container, DemoPassword);

        public override bool Holds(X509Certificate2 certificate, GostPrivateKey key) =>
            GostCertificates.TryGetPublicKey(certificate, out var publicKey) && key.Matches(publicKey);

        public override PublicKey PublicKeyOf(GostPrivateKey key) => GostCertificates.CreatePublicKey(key.PublicKey);

        public override X509SignatureGenerator Generator(GostPrivateKey signingKey) => new GostSignatureGenerator(signingKey);

        public override HashAlgorithmName HashOf(GostPrivateKey signingKey) => signingKey.Set.HashName;
    }

    private sealed partial class Run
    {
        /// <summary>The GOST root, issuing CA, organisation, CRL and chain file.</summary>
        public void EnsureGost() =>
            EnsureKeyFileHierarchy(GostFamily.Instance, GostRoot, GostIssuing, GostLeaves, GostCrlFile, GostChainFile);
    }
}
