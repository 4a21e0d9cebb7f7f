using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Npes.Eds.Trust;

namespace Npes.Eds.Pki;

/// <summary>
/// What the bign and the GOST halves of the sample PKI share: hierarchies whose certificates are built by .NET's
/// <see cref="CertificateRequest"/> with our own <see cref="X509SignatureGenerator"/> and whose private keys are NPES key
/// containers (<c>NAME.key</c>, PEM <c>ENCRYPTED PRIVATE KEY</c>) under <see cref="DemoPassword"/>, renewed by the same
/// rules as the ECDSA files.
/// </summary>
public static partial class SamplePki
{
    /// <summary>Extension of a key container file (bign and GOST).</summary>
    public const string KeyFileExtension = ".key";

    /// <summary>PBKDF2 iterations of the sample key containers: the password is public, so they only cost time.</summary>
    internal const int SampleKeyIterations = 10_000;

    /// <summary>One algorithm family of key-file certificates: how its keys are made, stored, matched and used to sign.</summary>
    private abstract class KeyFileFamily<TKey>
        where TKey : class, IDisposable
    {
        /// <summary>Largest key container file read back.</summary>
        public abstract int MaxContainerBytes { get; }

        /// <summary>A fresh key for <paramref name="entity"/>.</summary>
        public abstract TKey Generate(Entity entity);

        /// <summary>The key container (PEM) under <see cref="DemoPassword"/>.</summary>
        public abstract string EncryptPem(TKey key);

        /// <summary>Opens a key container with <see cref="DemoPassword"/>; throws when it cannot.</summary>
        public abstract TKey Decrypt(byte[] container);

        /// <summary>Whether <paramref name="certificate"/> carries the public key of <paramref name="key"/>.</summary>
        public abstract bool Holds(X509Certificate2 certificate, TKey key);

        /// <summary>The public key of <paramref name="key"/> for a certificate request.</summary>
        public abstract PublicKey PublicKeyOf(TKey key);

        /// <summary>The signature generator of <paramref name="signingKey"/>.</summary>
        public abstract X509SignatureGenerator Generator(TKey signingKey);

        /// <summary>The hash name .NET's builders pass to <see cref="Generator"/>.</summary>
        public abstract HashAlgorithmName HashOf(TKey signingKey);
    }

    /// <summary>A key-file certificate with its private key (owned by the run).</summary>
    private sealed record KeyFileCredential<TKey>(X509Certificate2 Certificate, TKey Key);

    private sealed partial class Run
    {
        private readonly List<IDisposable> _ownedKeys = [];

        /// <summary>A root, an issuing CA, leaves, the issuing CA's CRL and a chain file, renewed by the same rules as the ECDSA ones.</summary>
        private void EnsureKeyFileHierarchy<TKey>(
            KeyFileFamily<TKey> family, Entity rootEntity, Entity issuingEntity, IEnumerable<Entity> leaves, string crlFile, string chainFile)
            where TKey : class, IDisposable
        {
            var (root, rootIssued) = EnsureKeyFileEntity(family, rootEntity, issuer: null, reissue: false);
            var (issuing, issuingIssued) = EnsureKeyFileEntity(family, issuingEntity, root, reissue: rootIssued);
            foreach (var leaf in leaves)
            {
                EnsureKeyFileEntity(family, leaf, issuing, reissue: issuingIssued);
            }

            EnsureKeyFileCrl(family, crlFile, issuing, reissue: issuingIssued);
            EnsureExact(chainFile, Encoding.ASCII.GetBytes(Pem(issuing.Certificate) + Pem(root.Certificate)), secret: false);
        }

        private (KeyFileCredential<TKey> Credential, bool Issued) EnsureKeyFileEntity<TKey>(
            KeyFileFamily<TKey> family, Entity entity, KeyFileCredential<TKey>? issuer, bool reissue)
            where TKey : class, IDisposable
        {
            var crt = entity.File + ".crt";
            var key = entity.File + KeyFileExtension;
            if (!reissue && TryLoadKeyFile(family, entity, issuer) is { } existing)
            {
                Kept.AddRange([crt, key]);
                return (existing, false);
            }

            var issued = IssueKeyFile(family, entity, issuer);
            Write(key, Encoding.ASCII.GetBytes(family.EncryptPem(issued.Key)), secret: true);
            Write(crt, Encoding.ASCII.GetBytes(Pem(issued.Certificate)), secret: false);
            return (issued, true);
        }

        private void EnsureKeyFileCrl<TKey>(KeyFileFamily<TKey> family, string crlFile, KeyFileCredential<TKey> issuer, bool reissue)
            where TKey : class, IDisposable
        {
            if (ExistingCrlIsFresh(crlFile, issuer.Certificate, reissue, out var number))
            {
                return;
            }

            var thisUpdate = Later(Start, issuer.Certificate.NotBefore);
            var der = new CertificateRevocationListBuilder().Build(
                issuer.Certificate.SubjectName,
                family.Generator(issuer.Key),
                number,
                thisUpdate + CrlLifetime,
                family.HashOf(issuer.Key),
                X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false),
                thisUpdate);
            Write(crlFile, Encoding.ASCII.GetBytes(PemEncoding.WriteString("X509 CRL", der) + "\n"), secret: false);
        }

        private KeyFileCredential<TKey>? TryLoadKeyFile<TKey>(KeyFileFamily<TKey> family, Entity entity, KeyFileCredential<TKey>? issuer)
            where TKey : class, IDisposable
        {
            var crtPath = Path.Combine(Directory, entity.File + ".crt");
            var keyPath = Path.Combine(Directory, entity.File + KeyFileExtension);
            if (!File.Exists(crtPath) || !File.Exists(keyPath)
                || new FileInfo(crtPath).Length > TrustMaterial.MaxCertificateFileBytes
                || new FileInfo(keyPath).Length > family.MaxContainerBytes)
            {
                return null;
            }

            try
            {
                var certificate = Own(X509Certificate2.CreateFromPem(File.ReadAllText(crtPath, Encoding.ASCII)));
                var key = OwnKey(family.Decrypt(File.ReadAllBytes(keyPath)));
                var signer = issuer?.Certificate ?? certificate;
                var current = family.Holds(certificate, key)
                    && certificate.SubjectName.RawData.AsSpan().SequenceEqual(entity.Subject.RawData)
                    && certificate.IssuerName.RawData.AsSpan().SequenceEqual(signer.SubjectName.RawData)
                    && SignedObjects.IsSignedBy(certificate.RawDataMemory, signer)
                    && HasItsPolicies(certificate, entity)
                    && certificate.NotBefore.ToUniversalTime() <= now.UtcDateTime
                    && certificate.NotAfter.ToUniversalTime() >= (now + RenewBefore).UtcDateTime;
                return current ? new KeyFileCredential<TKey>(certificate, key) : null;
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or AsnContentException or EdsException or ArgumentException)
            {
                return null;
            }
        }

        private KeyFileCredential<TKey> IssueKeyFile<TKey>(KeyFileFamily<TKey> family, Entity entity, KeyFileCredential<TKey>? issuer)
            where TKey : class, IDisposable
        {
            var key = OwnKey(family.Generate(entity));
            var signingKey = issuer?.Key ?? key;
            var request = new CertificateRequest(entity.Subject, family.PublicKeyOf(key), family.HashOf(signingKey));
            AddExtensions(request, entity, issuer?.Certificate);
            var notBefore = issuer is null ? Start : Later(Start, issuer.Certificate.NotBefore);
            var notAfter = issuer is null ? Start.AddYears(entity.Years) : Earlier(Start.AddYears(entity.Years), issuer.Certificate.NotAfter);
            var certificate = request.Create(issuer?.Certificate.SubjectName ?? entity.Subject, family.Generator(signingKey), notBefore, notAfter, Serial());
            return new KeyFileCredential<TKey>(Own(certificate), key);
        }

        private TKey OwnKey<TKey>(TKey key)
            where TKey : IDisposable
        {
            _ownedKeys.Add(key);
            return key;
        }
    }
}
