using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Npes.Eds.Trust;
using Npes.Eds.X509;

namespace Npes.Eds.Pki;

/// <summary>Which files <see cref="SamplePki.Ensure"/> wrote and which it kept, by file name.</summary>
public sealed record SamplePkiReport(string Directory, IReadOnlyList<string> Written, IReadOnlyList<string> Kept);

/// <summary>
/// The sample national PKI for development and demonstrations (SAMPLE - NOT FOR PRODUCTION): a root CA, an issuing
/// CA with its CRL, citizens, organisations, a print-shop operator, the operator service key and a TLS certificate
/// for localhost, ECDSA P-256 with SHA-256; and beside them a bign hierarchy (STB 34.101.45) with a citizen, an
/// organisation, an operator service key and a TSA, and a GOST R 34.10-2012 hierarchy with an EAEU (Russian) organisation.
/// </summary>
public static partial class SamplePki
{
    /// <summary>Password of every <c>.p12</c> file. Public on purpose: these keys protect nothing.</summary>
    public const string DemoPassword = "npes-demo";

    public const string RootCa = "root-ca";
    public const string IssuingCa = "issuing-ca";
    public const string OperatorService = "operator-service";
    public const string TlsLocalhost = "tls-localhost";
    public const string Tsa = "tsa";
    public const string CrlFile = "issuing-ca.crl";
    public const string ChainFile = "chain.pem";
    public const string ReadmeFile = "README.md";

    /// <summary>A certificate or CRL is renewed when it is valid for less than this.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string TimeStamping = "1.3.6.1.5.5.7.3.8";
    private static readonly TimeSpan Backdate = TimeSpan.FromHours(1);
    private static readonly TimeSpan CrlLifetime = TimeSpan.FromDays(365);

    private static readonly Entity Root = new(
        RootCa, "Root CA: the trust anchor (Npes:Eds:TrustAnchors)", 20, EntityKind.RootCa,
        Name(b => b.AddOrganizationName("NPES Sample PKI"), "NPES Sample Root CA (SAMPLE - NOT FOR PRODUCTION)"));

    private static readonly Entity Issuing = new(
        IssuingCa, "Issuing CA, signed by the root (Npes:Eds:Intermediates)", 10, EntityKind.IssuingCa,
        Name(b => b.AddOrganizationName("NPES Sample PKI"), "NPES Sample Issuing CA (SAMPLE - NOT FOR PRODUCTION)"));

    private static readonly Entity[] Leaves =
    [
        Person("citizen-1", "Citizen", "Иванов", "Иван Иванович", "3140582A001PB1"),
        Person("citizen-2", "Citizen", "Петрова", "Анна Сергеевна", "4250793B002PB3"),
        Organisation("org-1", "ОАО «Белтелеком»", "100289066"),
        Organisation("org-2", "ООО «Пример Плюс»", "191234567"),
        Person("operator-1", "Print-shop operator", "Сидоров", "Пётр Николаевич", "3010185C003PB7"),
        new(OperatorService, "Operator service key: signs receipts and evidence (certificate policy " + Cms.OperatorIdentity.DefaultPolicyOid + ", Npes:Evidence:OperatorPolicyOid)", 3, EntityKind.OperatorSigner,
            Name(b => b.AddOrganizationName("NPES Sample Postal Operator"), "NPES Operator Service (SAMPLE)")),
        new(TlsLocalhost, "TLS server certificate for localhost, 127.0.0.1 and ::1", 3, EntityKind.TlsServer,
            Name(_ => { }, "localhost")),
        new(Tsa, "Time-stamping authority of the built-in RFC 3161 TSA (critical EKU timeStamping)", 3, EntityKind.TimeStamping,
            Name(b => b.AddOrganizationName("NPES Sample Postal Operator"), "NPES Time-Stamping Authority (SAMPLE)")),
    ];

    private enum EntityKind
    {
        RootCa,
        IssuingCa,
        Signer,

        /// <summary>A signer that carries the operator certificate policy: the operator's service key.</summary>
        OperatorSigner,
        TlsServer,
        TimeStamping,
    }

    /// <summary>
    /// Makes <paramref name="directory"/> hold a complete, current sample PKI. A file is kept when it parses, matches
    /// its key, is signed by the current issuer and stays valid for at least <see cref="RenewBefore"/>; otherwise
    /// it is (re)written, atomically, together with everything a re-issued CA signed.
    /// </summary>
    public static SamplePkiReport Ensure(string directory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(time);

        var run = new Run(Path.GetFullPath(directory), time.GetUtcNow());
        Directory.CreateDirectory(run.Directory);
        try
        {
            var (root, rootIssued) = run.EnsureEntity(Root, issuer: null, chain: [], reissue: false);
            var (issuing, issuingIssued) = run.EnsureEntity(Issuing, root, [root], reissue: rootIssued);
            foreach (var leaf in Leaves)
            {
                run.EnsureEntity(leaf, issuing, [issuing, root], reissue: issuingIssued);
            }

            run.EnsureCrl(issuing, reissue: issuingIssued);
            run.EnsureExact(ChainFile, Encoding.ASCII.GetBytes(Pem(issuing) + Pem(root)), secret: false);
            run.EnsureBign();
            run.EnsureGost();
            run.EnsureExact(ReadmeFile, Encoding.UTF8.GetBytes(Readme()), secret: false);
            return new SamplePkiReport(run.Directory, run.Written, run.Kept);
        }
        finally
        {
            run.Dispose();
        }
    }

    private static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    private static Entity Person(string file, string role, string surname, string givenNames, string personalNumber) =>
        new(file, $"{role} {surname} {givenNames}, personal number {personalNumber}", 3, EntityKind.Signer, Name(
            b =>
            {
                b.Add(DistinguishedNames.Surname, surname);
                b.Add(DistinguishedNames.GivenName, givenNames);
                b.Add(DistinguishedNames.SerialNumber, personalNumber, UniversalTagNumber.PrintableString);
            },
            $"{surname} {givenNames}"));

    private static Entity Organisation(string file, string name, string unp) =>
        new(file, $"Organisation {name}, УНП {unp}", 3, EntityKind.Signer, Name(
            b =>
            {
                b.AddOrganizationName(name);
                b.Add(DistinguishedNames.OrganizationIdentifier, $"VATBY-{unp}", UniversalTagNumber.PrintableString);
            },
            name));

    private static X500DistinguishedName Name(Action<X500DistinguishedNameBuilder> middle, string commonName) =>
        Name("BY", middle, commonName);

    private static X500DistinguishedName Name(string country, Action<X500DistinguishedNameBuilder> middle, string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion(country);
        middle(builder);
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    private static string Readme()
    {
        var text = new StringBuilder();
        text.Append("# NPES sample PKI — SAMPLES, NOT FOR PRODUCTION\n\n")
            .Append("Every certificate and key in this folder is a **sample for development and demonstrations only**.\n")
            .Append("The private keys are not secret: the PKCS#12 password is public. Never trust these certificates\n")
            .Append("outside a test environment.\n\n")
            .Append("- PKCS#12 password: `").Append(DemoPassword).Append("`\n")
            .Append("- Regenerate with `npes pki sample --out certs-sample`. Files still valid for at least ")
            .Append(RenewBefore.Days).Append(" more days are kept; the rest\n")
            .Append("  are re-issued, and everything under a re-issued CA is re-issued with it.\n")
            .Append("- Algorithms: ECDSA P-256 keys, SHA-256 signatures. The `bign-*` files are STB 34.101.45: bign-curve256v1\n")
            .Append("  keys, bign-with-hbelt signatures over belt-hash; their private keys are `.key` files, bign key containers\n")
            .Append("  (PEM `ENCRYPTED PRIVATE KEY`: PBKDF2-HMAC-SHA256 and belt-keywrap256, see docs/stb.md), same password.\n")
            .Append("- The `gost-*` files are GOST R 34.10-2012 (RFC 9215): the root has a 512-bit key, the others 256-bit keys;\n")
            .Append("  signatures over Streebog. Their `.key` files are standard PKCS#8 (PBKDF2-HMAC-SHA256 and aes256-CBC,\n")
            .Append("  see docs/gost.md), same password.\n\n")
            .Append("| File | What it is |\n|---|---|\n");
        foreach (var entity in new[] { Root, Issuing }.Concat(Leaves))
        {
            text.Append("| `").Append(entity.File).Append(".crt` | ").Append(entity.Description)
                .Append(", ").Append(entity.Years).Append(" years (PEM certificate) |\n")
                .Append("| `").Append(entity.File).Append(".p12` | The same with its private key and the chain to the root (PKCS#12) |\n");
        }

        text.Append("| `").Append(CrlFile).Append("` | CRL of the issuing CA, valid one year (Npes:Eds:Crls) |\n")
            .Append("| `").Append(ChainFile).Append("` | Issuing CA and root CA certificates (PEM) |\n");
        AppendKeyFileRows(text, "bign", [BignRoot, BignIssuing, .. BignLeaves], BignCrlFile, BignChainFile);
        AppendKeyFileRows(text, "GOST", [GostRoot, GostIssuing, .. GostLeaves], GostCrlFile, GostChainFile);
        return text.ToString();
    }

    private static void AppendKeyFileRows(StringBuilder text, string family, Entity[] entities, string crlFile, string chainFile)
    {
        foreach (var entity in entities)
        {
            text.Append("| `").Append(entity.File).Append(".crt` | ").Append(entity.Description)
                .Append(", ").Append(entity.Years).Append(" years (PEM certificate) |\n")
                .Append("| `").Append(entity.File).Append(KeyFileExtension).Append("` | Its private key: ").Append(family).Append(" key container (PEM) |\n");
        }

        text.Append("| `").Append(crlFile).Append("` | CRL of the ").Append(family).Append(" issuing CA, signed with ").Append(family)
            .Append(", valid one year (Npes:Eds:Crls) |\n")
            .Append("| `").Append(chainFile).Append("` | ").Append(family).Append(" issuing CA and ").Append(family).Append(" root CA certificates (PEM) |\n");
    }

    private sealed record Entity(string File, string Description, int Years, EntityKind Kind, X500DistinguishedName Subject);

    /// <summary>One call of <see cref="Ensure"/>: the clock reading, the report, and the certificates to dispose.</summary>
    private sealed partial class Run(string directory, DateTimeOffset now) : IDisposable
    {
        private readonly List<X509Certificate2> _owned = [];

        public string Directory { get; } = directory;

        public List<string> Written { get; } = [];

        public List<string> Kept { get; } = [];

        public (X509Certificate2 Certificate, bool Issued) EnsureEntity(
            Entity entity, X509Certificate2? issuer, X509Certificate2[] chain, bool reissue)
        {
            var crt = entity.File + ".crt";
            var p12 = entity.File + ".p12";
            if (!reissue && TryLoad(entity, issuer) is { } existing)
            {
                Kept.AddRange([crt, p12]);
                return (existing, false);
            }

            var issued = Own(Issue(entity, issuer));
            var bundle = new X509Certificate2Collection(issued);
            foreach (var ca in chain)
            {
                bundle.Add(Own(X509CertificateLoader.LoadCertificate(ca.RawData))); // public part only
            }

            Write(p12, bundle.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, DemoPassword), secret: true);
            Write(crt, Encoding.ASCII.GetBytes(Pem(issued)), secret: false);
            return (issued, true);
        }

        public void EnsureCrl(X509Certificate2 issuer, bool reissue)
        {
            if (ExistingCrlIsFresh(CrlFile, issuer, reissue, out var number))
            {
                return;
            }

            var thisUpdate = Later(Start, issuer.NotBefore);
            var der = new CertificateRevocationListBuilder()
                .Build(issuer, number, thisUpdate + CrlLifetime, HashAlgorithmName.SHA256, thisUpdate: thisUpdate);
            Write(CrlFile, Encoding.ASCII.GetBytes(PemEncoding.WriteString("X509 CRL", der) + "\n"), secret: false);
        }

        /// <summary>
        /// Whether <paramref name="file"/> holds a CRL by <paramref name="issuer"/> valid long enough to keep (then it is
        /// counted as kept); otherwise <paramref name="nextNumber"/> is the number its replacement gets.
        /// </summary>
        internal bool ExistingCrlIsFresh(string file, X509Certificate2 issuer, bool reissue, out System.Numerics.BigInteger nextNumber)
        {
            var path = Path.Combine(Directory, file);
            nextNumber = System.Numerics.BigInteger.One;
            if (reissue || !File.Exists(path) || new FileInfo(path).Length > TrustMaterial.MaxCrlFileBytes)
            {
                return false;
            }

            try
            {
                var text = File.ReadAllText(path, Encoding.ASCII);
                CertificateRevocationListBuilder.LoadPem(text, out var current);
                nextNumber = current + 1;
                var crl = RevocationList.Parse(Convert.FromBase64String(text[PemEncoding.Find(text).Base64Data]), path);
                if (crl.IsSignedBy(issuer) && crl.ThisUpdate <= now && crl.NextUpdate >= now + RenewBefore)
                {
                    Kept.Add(file);
                    return true;
                }
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException or FormatException or IOException)
            {
                // Unreadable: replaced by the caller.
            }

            return false;
        }

        public void EnsureExact(string file, byte[] content, bool secret)
        {
            var path = Path.Combine(Directory, file);
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
            {
                Kept.Add(file);
                return;
            }

            Write(file, content, secret);
        }

        public void Dispose()
        {
            foreach (var certificate in _owned)
            {
                certificate.Dispose();
            }

            foreach (var key in _ownedKeys)
            {
                key.Dispose();
            }
        }

        private DateTimeOffset Start => DateTimeOffset.FromUnixTimeSeconds((now - Backdate).ToUnixTimeSeconds());

        private X509Certificate2? TryLoad(Entity entity, X509Certificate2? issuer)
        {
            var crtPath = Path.Combine(Directory, entity.File + ".crt");
            var p12Path = Path.Combine(Directory, entity.File + ".p12");
            if (!File.Exists(crtPath) || !File.Exists(p12Path)
                || new FileInfo(crtPath).Length > TrustMaterial.MaxCertificateFileBytes
                || new FileInfo(p12Path).Length > TrustMaterial.MaxCertificateFileBytes)
            {
                return null;
            }

            try
            {
                using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(crtPath, Encoding.ASCII));
                var bundle = X509CertificateLoader.LoadPkcs12Collection(File.ReadAllBytes(p12Path), DemoPassword);
                foreach (var item in bundle)
                {
                    Own(item);
                }

                var withKey = bundle.FirstOrDefault(c => c.HasPrivateKey && c.RawData.AsSpan().SequenceEqual(certificate.RawData));
                using var key = withKey?.GetECDsaPrivateKey();
                var current = withKey is not null && key is not null
                    && key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(withKey.PublicKey.ExportSubjectPublicKeyInfo())
                    && withKey.SubjectName.RawData.AsSpan().SequenceEqual(entity.Subject.RawData)
                    && IsSignedBy(withKey, issuer ?? withKey)
                    && HasItsPolicies(withKey, entity)
                    && withKey.NotBefore.ToUniversalTime() <= now.UtcDateTime
                    && withKey.NotAfter.ToUniversalTime() >= (now + RenewBefore).UtcDateTime;
                return current ? withKey : null;
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or AsnContentException)
            {
                return null;
            }
        }

        private X509Certificate2 Issue(Entity entity, X509Certificate2? issuer)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(entity.Subject, key, HashAlgorithmName.SHA256);
            AddExtensions(request, entity, issuer);
            var serial = Serial();
            if (issuer is null)
            {
                using var selfSigned = request.Create(
                    entity.Subject, X509SignatureGenerator.CreateForECDsa(key), Start, Start.AddYears(entity.Years), serial);
                return selfSigned.CopyWithPrivateKey(key);
            }

            var notBefore = Later(Start, issuer.NotBefore);
            var notAfter = Earlier(Start.AddYears(entity.Years), issuer.NotAfter);
            using var certificate = request.Create(issuer, notBefore, notAfter, serial);
            return certificate.CopyWithPrivateKey(key);
        }

        /// <summary>The extensions of every sample certificate, by kind (the same for ECDSA and bign).</summary>
        private static void AddExtensions(CertificateRequest request, Entity entity, X509Certificate2? issuer)
        {
            var extensions = request.CertificateExtensions;
            var isCa = entity.Kind is EntityKind.RootCa or EntityKind.IssuingCa;
            extensions.Add(isCa
                ? new X509BasicConstraintsExtension(true, entity.Kind == EntityKind.IssuingCa, 0, true)
                : new X509BasicConstraintsExtension(false, false, 0, false));
            extensions.Add(new X509KeyUsageExtension(
                entity.Kind switch
                {
                    EntityKind.RootCa or EntityKind.IssuingCa => X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
                    EntityKind.Signer or EntityKind.OperatorSigner => X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
                    EntityKind.TlsServer => X509KeyUsageFlags.DigitalSignature,
                    EntityKind.TimeStamping => X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
                },
                critical: true));
            extensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            if (issuer is not null)
            {
                extensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
            }

            if (entity.Kind == EntityKind.OperatorSigner)
            {
                extensions.Add(Cms.OperatorIdentity.PoliciesExtension(Cms.OperatorIdentity.DefaultPolicyOid));
            }

            if (entity.Kind == EntityKind.TimeStamping)
            {
                // RFC 3161 §2.3: the TSA certificate has exactly one, critical, extended key usage.
                extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(TimeStamping)], critical: true));
            }

            if (entity.Kind == EntityKind.TlsServer)
            {
                extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuth)], critical: false));
                var names = new SubjectAlternativeNameBuilder();
                names.AddDnsName("localhost");
                names.AddIpAddress(IPAddress.Loopback);
                names.AddIpAddress(IPAddress.IPv6Loopback);
                extensions.Add(names.Build());
            }
        }

        /// <summary>Whether the certificate carries the operator certificate policy exactly when its entity is the operator's service key.</summary>
        private static bool HasItsPolicies(X509Certificate2 certificate, Entity entity) =>
            Cms.OperatorIdentity.Policies(certificate).Contains(Cms.OperatorIdentity.DefaultPolicyOid) == (entity.Kind == EntityKind.OperatorSigner);

        private static byte[] Serial()
        {
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] = (byte)((serial[0] & 0x7F) | 0x40); // positive, and exactly 16 bytes in DER
            return serial;
        }

        /// <summary>Whether <paramref name="issuer"/> signed <paramref name="certificate"/> (ECDSA with SHA-256).</summary>
        private static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 issuer)
        {
            var sequence = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = sequence.ReadEncodedValue();
            var algorithm = sequence.ReadSequence().ReadObjectIdentifier();
            var signature = sequence.ReadBitString(out _);
            using var key = issuer.GetECDsaPublicKey();
            return algorithm == EcdsaWithSha256
                && certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData)
                && key is not null
                && key.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }

        private static DateTimeOffset Later(DateTimeOffset a, DateTime b) =>
            a > b.ToUniversalTime() ? a : new DateTimeOffset(b.ToUniversalTime());

        private static DateTimeOffset Earlier(DateTimeOffset a, DateTime b) =>
            a < b.ToUniversalTime() ? a : new DateTimeOffset(b.ToUniversalTime());

        private X509Certificate2 Own(X509Certificate2 certificate)
        {
            _owned.Add(certificate);
            return certificate;
        }

        private void Write(string file, byte[] content, bool secret)
        {
            var path = Path.Combine(Directory, file);
            var temp = Path.Combine(Directory, $".{file}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = secret
                    ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            }

            try
            {
                using (var stream = new FileStream(temp, options))
                {
                    stream.Write(content);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }

            Written.Add(file);
        }
    }
}
