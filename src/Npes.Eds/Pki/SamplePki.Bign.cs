using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Npes.Eds.BignEds;
using Npes.Eds.Trust;

namespace Npes.Eds.Pki;

/// <summary>
/// The bign half of the sample PKI (STB 34.101.45, bign-curve256v1, bign-with-hbelt): its own root and issuing CA
/// with a bign-signed CRL, a citizen, an organisation and an operator service key, beside the ECDSA ones. A bign
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
    public const string BignCrlFile = "bign-issuing-ca.crl";
    public const string BignChainFile = "bign-chain.pem";

    /// <summary>Extension of a bign key container file.</summary>
    public const string BignKeyExtension = ".key";

    /// <summary>PBKDF2 iterations of the sample key containers: the password is public, so they only cost time.</summary>
    internal const int SampleKeyIterations = 10_000;

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
        new(BignOperatorService, "Operator service key (bign): signs receipts and evidence with Npes:Operator:KeyType Bign", 3, EntityKind.Signer,
            Name(b => b.AddOrganizationName("NPES Sample Postal Operator"), "NPES Operator Service bign (SAMPLE)")),
    ];

    /// <summary>A bign certificate with its private key (owned by the run).</summary>
    private sealed record BignCredential(X509Certificate2 Certificate, BignPrivateKey Key);

    private sealed partial class Run
    {
        private readonly List<BignPrivateKey> _ownedKeys = [];

        /// <summary>The bign root, issuing CA, leaves, CRL and chain file, renewed by the same rules as the ECDSA ones.</summary>
        public void EnsureBign()
        {
            var (root, rootIssued) = EnsureBignEntity(BignRoot, issuer: null, reissue: false);
            var (issuing, issuingIssued) = EnsureBignEntity(BignIssuing, root, reissue: rootIssued);
            foreach (var leaf in BignLeaves)
            {
                EnsureBignEntity(leaf, issuing, reissue: issuingIssued);
            }

            EnsureBignCrl(issuing, reissue: issuingIssued);
            EnsureExact(BignChainFile, Encoding.ASCII.GetBytes(Pem(issuing.Certificate) + Pem(root.Certificate)), secret: false);
        }

        private (BignCredential Credential, bool Issued) EnsureBignEntity(Entity entity, BignCredential? issuer, bool reissue)
        {
            var crt = entity.File + ".crt";
            var key = entity.File + BignKeyExtension;
            if (!reissue && TryLoadBign(entity, issuer) is { } existing)
            {
                Kept.AddRange([crt, key]);
                return (existing, false);
            }

            var issued = IssueBign(entity, issuer);
            Write(key, Encoding.ASCII.GetBytes(BignKeyContainer.EncryptPem(issued.Key, DemoPassword, SampleKeyIterations)), secret: true);
            Write(crt, Encoding.ASCII.GetBytes(Pem(issued.Certificate)), secret: false);
            return (issued, true);
        }

        private void EnsureBignCrl(BignCredential issuer, bool reissue)
        {
            if (ExistingCrlIsFresh(BignCrlFile, issuer.Certificate, reissue, out var number))
            {
                return;
            }

            var thisUpdate = Later(Start, issuer.Certificate.NotBefore);
            var der = new CertificateRevocationListBuilder().Build(
                issuer.Certificate.SubjectName,
                new BignSignatureGenerator(issuer.Key),
                number,
                thisUpdate + CrlLifetime,
                BignCertificates.BeltHashName,
                X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false),
                thisUpdate);
            Write(BignCrlFile, Encoding.ASCII.GetBytes(PemEncoding.WriteString("X509 CRL", der) + "\n"), secret: false);
        }

        private BignCredential? TryLoadBign(Entity entity, BignCredential? issuer)
        {
            var crtPath = Path.Combine(Directory, entity.File + ".crt");
            var keyPath = Path.Combine(Directory, entity.File + BignKeyExtension);
            if (!File.Exists(crtPath) || !File.Exists(keyPath)
                || new FileInfo(crtPath).Length > TrustMaterial.MaxCertificateFileBytes
                || new FileInfo(keyPath).Length > BignKeyContainer.MaxContainerBytes)
            {
                return null;
            }

            try
            {
                var certificate = Own(X509Certificate2.CreateFromPem(File.ReadAllText(crtPath, Encoding.ASCII)));
                var key = OwnKey(BignKeyContainer.Decrypt(File.ReadAllBytes(keyPath), DemoPassword));
                var signer = issuer?.Certificate ?? certificate;
                var current = BignCertificates.TryGetPublicKey(certificate, out var publicKey)
                    && key.Matches(publicKey)
                    && certificate.SubjectName.RawData.AsSpan().SequenceEqual(entity.Subject.RawData)
                    && certificate.IssuerName.RawData.AsSpan().SequenceEqual(signer.SubjectName.RawData)
                    && SignedObjects.IsSignedBy(certificate.RawDataMemory, signer)
                    && certificate.NotBefore.ToUniversalTime() <= now.UtcDateTime
                    && certificate.NotAfter.ToUniversalTime() >= (now + RenewBefore).UtcDateTime;
                return current ? new BignCredential(certificate, key) : null;
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or AsnContentException or EdsException or ArgumentException)
            {
                return null;
            }
        }

        private BignCredential IssueBign(Entity entity, BignCredential? issuer)
        {
            var key = OwnKey(BignPrivateKey.Generate());
            var request = new CertificateRequest(entity.Subject, BignCertificates.CreatePublicKey(key.PublicKey), BignCertificates.BeltHashName);
            AddExtensions(request, entity, issuer?.Certificate);
            var generator = new BignSignatureGenerator(issuer?.Key ?? key);
            var notBefore = issuer is null ? Start : Later(Start, issuer.Certificate.NotBefore);
            var notAfter = issuer is null ? Start.AddYears(entity.Years) : Earlier(Start.AddYears(entity.Years), issuer.Certificate.NotAfter);
            var certificate = request.Create(issuer?.Certificate.SubjectName ?? entity.Subject, generator, notBefore, notAfter, Serial());
            return new BignCredential(Own(certificate), key);
        }

        private BignPrivateKey OwnKey(BignPrivateKey key)
        {
            _ownedKeys.Add(key);
            return key;
        }
    }
}
