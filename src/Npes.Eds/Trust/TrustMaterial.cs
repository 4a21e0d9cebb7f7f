using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Npes.Eds.Trust;

/// <summary>What became of a CRL offered to <see cref="TrustMaterial.Install"/>.</summary>
public sealed record CrlInstallOutcome(bool Installed, string Detail);

/// <summary>
/// What chain validation trusts: root certificates (anchors), intermediate CA certificates offered to path
/// building, CRLs, and the revocation policy. Anchors and intermediates are loaded once at start from the files named
/// in <see cref="EdsOptions"/>; CRLs are loaded at start and replaced by newer ones while the server runs
/// (<see cref="Install"/>, from <see cref="CrlRefresher"/>).
/// </summary>
public sealed class TrustMaterial
{
    private readonly Lock _crlLock = new();
    private volatile IReadOnlyList<RevocationList> _crls;

    /// <summary>Largest certificate file accepted (1 MiB).</summary>
    public const long MaxCertificateFileBytes = 1024 * 1024;

    /// <summary>Largest CRL file accepted (10 MiB).</summary>
    public const long MaxCrlFileBytes = 10 * 1024 * 1024;

    private TrustMaterial(
        IReadOnlyList<X509Certificate2> anchors,
        IReadOnlyList<X509Certificate2> intermediates,
        IReadOnlyList<RevocationList> crls,
        bool requireRevocation,
        IReadOnlyList<X509Certificate2> revocationOptional)
    {
        Anchors = anchors;
        Intermediates = intermediates;
        _crls = crls;
        RequireRevocation = requireRevocation;
        RevocationOptional = revocationOptional;
    }

    /// <summary>
    /// Fail-closed revocation: a certificate whose issuing CA has no usable CRL is refused, unless that CA is one of
    /// <see cref="RevocationOptional"/>. On for configured trust (<see cref="Load"/>).
    /// </summary>
    public bool RequireRevocation { get; }

    /// <summary>CA certificates whose certificates are accepted without revocation data (<c>Npes:Eds:RevocationOptional</c>).</summary>
    public IReadOnlyList<X509Certificate2> RevocationOptional { get; }

    /// <summary>Trusted root certificates.</summary>
    public IReadOnlyList<X509Certificate2> Anchors { get; }

    /// <summary>Intermediate CA certificates offered to path building.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>Number of CRLs held now.</summary>
    public int CrlCount => _crls.Count;

    internal IReadOnlyList<RevocationList> Crls => _crls;

    /// <summary>
    /// Installs a CRL read or fetched while running: it must be signed by a configured CA (anchor or intermediate) and
    /// replaces that CA's CRL only when it was issued later. Returns what happened, for the log.
    /// </summary>
    public CrlInstallOutcome Install(byte[] crl, string source)
    {
        ArgumentNullException.ThrowIfNull(crl);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        RevocationList parsed;
        try
        {
            parsed = ParseCrl(crl, source);
        }
        catch (ArgumentException e)
        {
            return new CrlInstallOutcome(false, e.Message);
        }

        var issuer = Anchors.Concat(Intermediates).FirstOrDefault(ca => parsed.NamesIssuer(ca) && parsed.IsSignedBy(ca));
        if (issuer is null)
        {
            return new CrlInstallOutcome(false, $"CRL '{source}' is not signed by a configured CA");
        }

        lock (_crlLock)
        {
            var current = _crls.Where(c => c.NamesIssuer(issuer) && c.IsSignedBy(issuer)).MaxBy(c => c.ThisUpdate);
            if (current is not null && current.ThisUpdate >= parsed.ThisUpdate)
            {
                return new CrlInstallOutcome(false, $"CRL '{source}' of '{issuer.Subject}' is not newer than the one held (this update {current.ThisUpdate:u})");
            }

            // The older CRLs of this issuer go: a later CRL also proves the status at earlier times.
            _crls = [.. _crls.Where(c => !(c.NamesIssuer(issuer) && c.IsSignedBy(issuer))), parsed];
        }

        return new CrlInstallOutcome(true, $"CRL '{source}' of '{issuer.Subject}' installed (this update {parsed.ThisUpdate:u}, next update {parsed.NextUpdate:u})");
    }

    /// <summary>
    /// The CRLs held now (DER), newest first, at most <see cref="RevocationEvidence.MaxLists"/>: the revocation data an
    /// evidence bundle carries so that it verifies offline, later, by itself.
    /// </summary>
    public IReadOnlyList<byte[]> HeldCrls() =>
        _crls.OrderByDescending(c => c.ThisUpdate).Take(RevocationEvidence.MaxLists).Select(c => c.Encoded).ToList();

    /// <summary>
    /// Loads the files named in <paramref name="options"/>; relative paths are resolved against
    /// <paramref name="baseDirectory"/>. Throws <see cref="InvalidOperationException"/> naming the file and the
    /// setting when a file is missing, too large or unreadable.
    /// </summary>
    public static TrustMaterial Load(EdsOptions options, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);

        var anchors = options.TrustAnchors
            .SelectMany(path => ReadCertificates(Path.GetFullPath(path, baseDirectory), $"{EdsOptions.Section}:TrustAnchors"))
            .ToList();
        var intermediates = options.Intermediates
            .SelectMany(path => ReadCertificates(Path.GetFullPath(path, baseDirectory), $"{EdsOptions.Section}:Intermediates"))
            .ToList();
        var crls = options.Crls
            .Select(path => ReadCrl(Path.GetFullPath(path, baseDirectory), $"{EdsOptions.Section}:Crls"))
            .ToList();
        var optional = options.RevocationOptional
            .SelectMany(path => ReadCertificates(Path.GetFullPath(path, baseDirectory), $"{EdsOptions.Section}:RevocationOptional"))
            .ToList();
        return new TrustMaterial(anchors, intermediates, crls, requireRevocation: true, optional);
    }

    /// <summary>Reads a CRL file (PEM or DER, bounded); throws <see cref="InvalidOperationException"/> naming the file.</summary>
    public static byte[] ReadCrlFile(string path) => ReadBounded(path, MaxCrlFileBytes, $"{EdsOptions.Section}:Crls");

    internal static RevocationList ParseCrl(byte[] bytes, string source) =>
        RevocationList.Parse(DecodePem(bytes, "X509 CRL").FirstOrDefault() ?? bytes, source);

    /// <summary>
    /// Trust material from certificates and CRLs already in memory (CRLs as DER or PEM bytes). Revocation data is
    /// required only when <paramref name="requireRevocation"/> says so (configured trust always requires it).
    /// </summary>
    public static TrustMaterial Create(
        IEnumerable<X509Certificate2> anchors,
        IEnumerable<X509Certificate2>? intermediates = null,
        IEnumerable<byte[]>? crls = null,
        bool requireRevocation = false)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        var anchorList = anchors.ToList();
        var intermediateList = (intermediates ?? []).ToList();
        if (anchorList.Contains(null!) || intermediateList.Contains(null!))
        {
            throw new ArgumentException("Trust anchors and intermediates must not contain null.", nameof(anchors));
        }

        var crlList = (crls ?? []).Select((bytes, i) => bytes is null
                ? throw new ArgumentException($"CRL #{i} is null.", nameof(crls))
                : RevocationList.Parse(DecodePem(bytes, "X509 CRL").FirstOrDefault() ?? bytes, $"#{i}"))
            .ToList();
        return new TrustMaterial(anchorList, intermediateList, crlList, requireRevocation, []);
    }

    /// <summary>
    /// Reads the certificates of a PEM file (every CERTIFICATE block) or the one certificate of a DER file.
    /// Throws <see cref="InvalidOperationException"/> naming the file when it cannot be used.
    /// </summary>
    public static IReadOnlyList<X509Certificate2> ReadCertificates(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return ReadCertificates(Path.GetFullPath(path), "Certificate");
    }

    private static List<X509Certificate2> ReadCertificates(string path, string setting)
    {
        var bytes = ReadBounded(path, MaxCertificateFileBytes, setting);
        try
        {
            var blocks = DecodePem(bytes, "CERTIFICATE");
            var certificates = (blocks.Count > 0 ? blocks : LooksLikePem(bytes) ? [] : [bytes])
                .Select(der => X509CertificateLoader.LoadCertificate(der))
                .ToList();
            return certificates.Count > 0
                ? certificates
                : throw new InvalidOperationException($"{setting}: file '{path}' contains no certificate.");
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"{setting}: file '{path}' is not a valid PEM or DER certificate.", ex);
        }
    }

    private static RevocationList ReadCrl(string path, string setting)
    {
        var bytes = ReadBounded(path, MaxCrlFileBytes, setting);
        try
        {
            return RevocationList.Parse(DecodePem(bytes, "X509 CRL").FirstOrDefault() ?? bytes, path);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{setting}: file '{path}' is not a valid PEM or DER CRL.", ex);
        }
    }

    private static byte[] ReadBounded(string path, long maxBytes, string setting)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new InvalidOperationException($"{setting}: file '{path}' does not exist.");
            }

            if (info.Length > maxBytes)
            {
                throw new InvalidOperationException(
                    $"{setting}: file '{path}' is {info.Length} bytes, larger than the {maxBytes} bytes accepted.");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new InvalidOperationException($"{setting}: file '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private static bool LooksLikePem(byte[] bytes) => bytes.AsSpan().IndexOf("-----BEGIN "u8) >= 0;

    /// <summary>The DER contents of every PEM block with <paramref name="label"/>; empty when the bytes are not PEM.</summary>
    private static List<byte[]> DecodePem(byte[] bytes, string label)
    {
        var blocks = new List<byte[]>();
        if (!LooksLikePem(bytes))
        {
            return blocks;
        }

        ReadOnlySpan<char> text = Encoding.ASCII.GetString(bytes);
        while (PemEncoding.TryFind(text, out var fields))
        {
            if (text[fields.Label].SequenceEqual(label))
            {
                blocks.Add(Convert.FromBase64String(text[fields.Base64Data].ToString()));
            }

            text = text[fields.Location.End..];
        }

        return blocks;
    }
}
