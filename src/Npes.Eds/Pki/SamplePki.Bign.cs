using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;

namespace Npes.Eds.Pki;

/// <summary>
/// The bign half of the sample PKI (STB 34.101.45, bign-curve256v1, bign-with-hbelt): its own root and issuing CA
/// with a bign-signed CRL, a citizen, an organisation, an operator service key and a time-stamping authority, beside
/// the ECDSA ones. A bign
/// certificate is <c>NAME.crt</c> (PEM) and its private key <c>NAME.key</c>, a bign key container (PEM
/// <c>ENCRYPTED PRIVATE KEY</c>, <see cref="BignKeyContainer"/>) under <see cref="DemoPassword"/>.
/// </summary>
public static partial class SamplePki
{
    public const string BignRootCa = "bign-root-ca";
    public const string BignIssuingCa = "bign-issuing-ca";
    public const string BignCitizen = "bign-citizen-1";
    public const string BignOrganisation = "bign-org-1";
    public const string BignOperatorService = "bign-operator-service";
    public const string BignTsa = "bign-tsa";
    public const string BignCrlFile = "bign-issuing-ca.crl";
    public const string BignChainFile = "bign-chain.pem";

    /// <summary>Extension of a bign key container file.</summary>
    public const string BignKeyExtension = KeyFileExtension;

    private static readonly Entity BignRoot = new(
        BignRootCa, "bign root CA (STB 34.101.45): the trust anchor of bign certificates (Npes:Eds:TrustAnchors)", 20, EntityKind.RootCa,
        Name(b => b.AddOrganizationName("NPES Sample PKI"), "NPES Sample bign Root CA (SAMPLE - NOT FOR PRODUCTION)"));

    private static readonly Entity BignIssuing = new(
        BignIssuingCa, "bign issuing CA, signed by the bign root (Npes:Eds:Intermediates)", 10, EntityKind.IssuingCa,
        Name(b => b.AddOrganizationName("NPES Sample PKI"), "NPES Sample bign Issuing CA (SAMPLE - NOT FOR PRODUCTION)"));

    private static readonly Entity[] BignLeaves =
    [
        Person(BignCitizen, "Citizen with a bign key", "Ковалёва", "Мария Андреевна", "4120687E004PB9"),
        Organisation(BignOrganisation, "ООО «Нацкрипто Пример»", "192345678") with
        {
            Description = "Organisation with a bign key ООО «Нацкрипто Пример», УНП 192345678",
        },
        new(BignOperatorService, "Operator service key (bign): signs receipts and evidence with Npes:Operator:KeyType Bign (certificate policy " + Cms.OperatorIdentity.DefaultPolicyOid + ")", 3, EntityKind.OperatorSigner,
            Name(b => b.AddOrganizationName("NPES Sample Postal Operator"), "NPES Operator Service bign (SAMPLE)")),
        new(BignTsa, "Time-stamping authority (bign) of the built-in RFC 3161 TSA with Npes:Tsa:KeyType Bign (critical EKU timeStamping)", 3, EntityKind.TimeStamping,
            Name(b => b.AddOrganizationName("NPES Sample Postal Operator"), "NPES Time-Stamping Authority bign (SAMPLE)")),
    ];

    /// <summary>bign keys in bign key containers, bign-with-hbelt signatures.</summary>
    private sealed class BignFamily : KeyFileFamily<BignPrivateKey>
    {
        public static readonly BignFamily Instance = new();

        public override int MaxContainerBytes => BignKeyContainer.MaxContainerBytes;

        public override BignPrivateKey Generate(Entity entity) => BignPrivateKey.Generate();

        public override string EncryptPem(BignPrivateKey key) => BignKeyContainer.EncryptPem(key, DemoPassword, SampleKeyIterations);

        public override BignPrivateKey Decrypt(byte[] container) => BignKeyContainer.Decrypt(container, DemoPassword);

        public override bool Holds(X509Certificate2 certificate, BignPrivateKey key) =>
            BignCertificates.TryGetPublicKey(certificate, out var publicKey) && key.Matches(publicKey);

        public override PublicKey PublicKeyOf(BignPrivateKey key) => BignCertificates.CreatePublicKey(key.PublicKey);

        public override X509SignatureGenerator Generator(BignPrivateKey signingKey) => new BignSignatureGenerator(signingKey);

        public override HashAlgorithmName HashOf(BignPrivateKey signingKey) => BignCertificates.BeltHashName;
    }

    private sealed partial class Run
    {
        /// <summary>The bign root, issuing CA, leaves, CRL and chain file.</summary>
        public void EnsureBign() =>
            EnsureKeyFileHierarchy(BignFamily.Instance, BignRoot, BignIssuing, BignLeaves, BignCrlFile, BignChainFile);
    }
}
