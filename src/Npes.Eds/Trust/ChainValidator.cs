using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds.Trust;

/// <summary>
/// Builds a path with <see cref="X509Chain"/> to the configured anchors only (no system store, no downloads) and
/// refuses it for the first reason that applies, in the order of <see cref="ChainStatus"/>.
/// </summary>
internal sealed class ChainValidator : IChainValidator
{
    /// <summary>Most intermediates a client may supply with one certificate.</summary>
    public const int MaxExtraCertificates = 16;

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    // Flags that say nothing about trust: time is judged separately, revocation is checked against our own CRLs.
    private const X509ChainStatusFlags NotAboutTrust = X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested
        | X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;

    private readonly TrustMaterial _trust;

    public ChainValidator(TrustMaterial trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        _trust = trust;
    }

    public ChainValidationResult Validate(
        X509Certificate2 certificate,
        IReadOnlyCollection<X509Certificate2> extraCertificates,
        CertificatePurpose purpose,
        DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(extraCertificates);
        if (extraCertificates.Count > MaxExtraCertificates)
        {
            throw new ArgumentException(
                $"At most {MaxExtraCertificates} extra certificates are accepted; {extraCertificates.Count} were supplied.",
                nameof(extraCertificates));
        }

        if (extraCertificates.Any(c => c is null))
        {
            throw new ArgumentException("Extra certificates must not contain null.", nameof(extraCertificates));
        }

        if (!Enum.IsDefined(purpose))
        {
            throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown certificate purpose.");
        }

        try
        {
            return ValidateCore(certificate, extraCertificates, at);
        }
        catch (CryptographicException ex)
        {
            return Refuse(ChainStatus.Malformed, $"Certificate '{SafeSubject(certificate)}' cannot be read: {ex.Message}", []);
        }
    }

    private ChainValidationResult ValidateCore(
        X509Certificate2 certificate,
        IReadOnlyCollection<X509Certificate2> extraCertificates,
        DateTimeOffset at)
    {
        // Malformed: the certificate must survive a fresh parse of its own bytes.
        X509CertificateLoader.LoadCertificate(certificate.RawData).Dispose();

        var subject = certificate.Subject;
        if (_trust.Anchors.Count == 0)
        {
            return Refuse(ChainStatus.Untrusted, $"Certificate '{subject}' cannot be trusted: no trust anchors are configured ({EdsOptions.Section}:TrustAnchors).", []);
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_trust.Anchors.ToArray());
        policy.ExtraStore.AddRange(_trust.Intermediates.ToArray());
        policy.ExtraStore.AddRange(extraCertificates.ToArray());
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = at.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        chain.Build(certificate);

        var path = chain.ChainElements.Select(e => Own(e.Certificate, certificate, extraCertificates)).ToList();

        // Malformed: an extension of the end-entity certificate cannot be decoded.
        if (chain.ChainElements[0].ChainElementStatus.Any(s => s.Status.HasFlag(X509ChainStatusFlags.InvalidExtension)))
        {
            return Refuse(ChainStatus.Malformed, $"Certificate '{subject}' has an extension that cannot be decoded.", path);
        }

        // Untrusted: any chain problem other than time, or a path that does not end at one of our anchors.
        var problems = chain.ChainStatus.Where(s => (s.Status & ~NotAboutTrust) != 0).ToList();
        if (problems.Count > 0)
        {
            var reasons = string.Join("; ", problems.Select(p => $"{p.Status}: {p.StatusInformation.Trim()}"));
            return Refuse(ChainStatus.Untrusted, $"Certificate '{subject}' does not chain to a configured trust anchor ({reasons}).", path);
        }

        var root = path[^1];
        if (!_trust.Anchors.Any(a => a.RawDataMemory.Span.SequenceEqual(root.RawDataMemory.Span)))
        {
            return Refuse(ChainStatus.Untrusted, $"Certificate '{subject}' chains to '{root.Subject}', which is not a configured trust anchor.", path);
        }

        // Untrusted: revocation cannot be checked because an issuer's CRL is forged or stale.
        var crls = new List<(X509Certificate2 Certificate, X509Certificate2 Issuer, RevocationList Crl)>();
        for (var i = 0; i < path.Count - 1; i++)
        {
            var issuer = path[i + 1];
            var named = _trust.Crls.Where(c => c.NamesIssuer(issuer)).ToList();
            if (named.Count == 0)
            {
                continue;
            }

            var crl = named.Where(c => c.IsSignedBy(issuer)).MaxBy(c => c.ThisUpdate);
            if (crl is null)
            {
                return Refuse(ChainStatus.Untrusted, $"Revocation of '{path[i].Subject}' cannot be checked: the CRL '{named[0].Source}' for '{issuer.Subject}' is not signed by that issuer's key.", path);
            }

            if (crl.NextUpdate is not { } nextUpdate || nextUpdate < at || crl.ThisUpdate > at)
            {
                return Refuse(ChainStatus.Untrusted, $"Revocation of '{path[i].Subject}' cannot be checked: the CRL '{crl.Source}' for '{issuer.Subject}' is stale at {Format(at)} (this update {Format(crl.ThisUpdate)}, next update {(crl.NextUpdate is { } n ? Format(n) : "absent")}).", path);
            }

            crls.Add((path[i], issuer, crl));
        }

        // Expired / NotYetValid: the first chain element, from the end entity up, that is out of time at `at`.
        foreach (var element in path)
        {
            var notBefore = new DateTimeOffset(element.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(element.NotAfter.ToUniversalTime());
            var which = ReferenceEquals(element, certificate) ? "Certificate" : "Issuing certificate";
            if (at > notAfter)
            {
                return Refuse(ChainStatus.Expired, $"{which} '{element.Subject}' expired at {Format(notAfter)} (validation time {Format(at)}).", path);
            }

            if (at < notBefore)
            {
                return Refuse(ChainStatus.NotYetValid, $"{which} '{element.Subject}' is not valid before {Format(notBefore)} (validation time {Format(at)}).", path);
            }
        }

        // WrongKeyUsage: a signing key, not a CA and not a TLS server certificate.
        if (WrongUsage(certificate) is { } usageProblem)
        {
            return Refuse(ChainStatus.WrongKeyUsage, $"Certificate '{subject}' may not be used for signatures: {usageProblem}.", path);
        }

        // Revoked: any element listed in its issuer's CRL.
        var (revoked, revokedBy, _) = crls.FirstOrDefault(c => c.Crl.Lists(c.Certificate));
        if (revoked is not null)
        {
            return Refuse(ChainStatus.Revoked, $"Certificate '{revoked.Subject}' (serial {Convert.ToHexStringLower(revoked.SerialNumberBytes.Span)}) is revoked by the CRL of '{revokedBy.Subject}'.", path);
        }

        return new ChainValidationResult(ChainStatus.Valid, $"Certificate '{subject}' chains to '{root.Subject}' and may be used for signatures.", path);
    }

    private static string? WrongUsage(X509Certificate2 certificate)
    {
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
        {
            return "it is a CA certificate";
        }

        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is null)
        {
            return "it has no keyUsage extension";
        }

        if ((keyUsage.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) == 0)
        {
            return $"its key usage ({keyUsage.KeyUsages}) allows neither digitalSignature nor nonRepudiation";
        }

        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is not null && eku.EnhancedKeyUsages.Count > 0
            && eku.EnhancedKeyUsages.Cast<Oid>().All(o => o.Value == ServerAuth))
        {
            return "it is a TLS server certificate (extended key usage serverAuth only)";
        }

        return null;
    }

    /// <summary>The caller's or our own instance for a chain element, so the result outlives the chain.</summary>
    private X509Certificate2 Own(X509Certificate2 element, X509Certificate2 leaf, IEnumerable<X509Certificate2> extras) =>
        new[] { leaf }.Concat(extras).Concat(_trust.Intermediates).Concat(_trust.Anchors)
            .FirstOrDefault(c => c.RawDataMemory.Span.SequenceEqual(element.RawDataMemory.Span))
        ?? X509CertificateLoader.LoadCertificate(element.RawDataMemory.Span);

    private static ChainValidationResult Refuse(ChainStatus status, string detail, IReadOnlyList<X509Certificate2> chain) =>
        new(status, detail, chain);

    private static string SafeSubject(X509Certificate2 certificate)
    {
        try
        {
            return certificate.Subject;
        }
        catch (CryptographicException)
        {
            return "(unreadable)";
        }
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
