using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;
using Npes.Eds.GostEds;

namespace Npes.Eds.Trust;

/// <summary>
/// Builds a path to the configured anchors only (no system store, no downloads) — with <see cref="X509Chain"/>, or for
/// a bign or GOST certificate with its own path building — and refuses it for the first reason that applies, in the
/// order of <see cref="ChainStatus"/>.
/// </summary>
internal sealed class ChainValidator : IChainValidator
{
    /// <summary>Most intermediates a client may supply with one certificate.</summary>
    public const int MaxExtraCertificates = 16;

    /// <summary>Most certificates in a path built here for a bign or GOST certificate (end entity, intermediates, anchor).</summary>
    public const int MaxOwnPathLength = 8;

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    /// <summary>Extensions whose meaning our own path building knows: a critical extension outside this set refuses the path.</summary>
    private static readonly HashSet<string> KnownExtensions = new(StringComparer.Ordinal)
    {
        "2.5.29.14", // subjectKeyIdentifier
        "2.5.29.15", // keyUsage
        "2.5.29.17", // subjectAltName
        "2.5.29.19", // basicConstraints
        "2.5.29.32", // certificatePolicies
        "2.5.29.35", // authorityKeyIdentifier
        "2.5.29.37", // extKeyUsage
    };

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
        DateTimeOffset at,
        RevocationEvidence? revocation = null)
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
            return ValidateCore(certificate, extraCertificates, at, revocation ?? RevocationEvidence.None);
        }
        catch (CryptographicException ex)
        {
            return Refuse(ChainStatus.Malformed, $"Certificate '{SafeSubject(certificate)}' cannot be read: {ex.Message}", []);
        }
    }

    private ChainValidationResult ValidateCore(
        X509Certificate2 certificate,
        IReadOnlyCollection<X509Certificate2> extraCertificates,
        DateTimeOffset at,
        RevocationEvidence revocation)
    {
        // Malformed: the certificate must survive a fresh parse of its own bytes.
        X509CertificateLoader.LoadCertificate(certificate.RawData).Dispose();

        var subject = certificate.Subject;
        if (_trust.Anchors.Count == 0)
        {
            return Refuse(ChainStatus.Untrusted, $"Certificate '{subject}' cannot be trusted: no trust anchors are configured ({EdsOptions.Section}:TrustAnchors).", []);
        }

        var (path, refusal) = IsForX509Chain(certificate)
            ? BuildX509Path(certificate, extraCertificates, at)
            : BuildOwnPath(certificate, extraCertificates);
        if (refusal is not null)
        {
            return refusal;
        }

        var root = path[^1];
        if (!_trust.Anchors.Any(a => a.RawDataMemory.Span.SequenceEqual(root.RawDataMemory.Span)))
        {
            return Refuse(ChainStatus.Untrusted, $"Certificate '{subject}' chains to '{root.Subject}', which is not a configured trust anchor.", path);
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

        // Untrusted (checked once the certificates are in time: revocation of an expired certificate says nothing): revocation cannot be checked because an issuer's CRL is forged or stale, or (fail-closed) absent.
        // A CRL proves the status at `at` when it was current then, or was issued after `at` (it lists a certificate
        // revoked before `at` with that date): so evidence timestamped years ago verifies with the CRLs it carries or
        // with the newest one.
        var crls = new List<(X509Certificate2 Certificate, X509Certificate2 Issuer, List<RevocationList> Crls)>();
        var held = _trust.Crls.Concat(revocation.Lists).ToList();
        for (var i = 0; i < path.Count - 1; i++)
        {
            var issuer = path[i + 1];
            var named = held.Where(c => c.NamesIssuer(issuer)).ToList();
            if (named.Count == 0)
            {
                if (i == 0 && _trust.RequireRevocation && !_trust.RevocationOptional.Any(ca => Same(ca, issuer)))
                {
                    return Refuse(ChainStatus.Untrusted, $"Revocation of '{path[i].Subject}' cannot be checked: there is no CRL for its issuer '{issuer.Subject}', and revocation data is required ({EdsOptions.Section}:Crls, {EdsOptions.Section}:CrlDistributionPoints; {EdsOptions.Section}:RevocationOptional exempts a CA).", path);
                }

                continue;
            }

            var signed = named.Where(c => c.IsSignedBy(issuer)).ToList();
            if (signed.Count == 0)
            {
                return Refuse(ChainStatus.Untrusted, $"Revocation of '{path[i].Subject}' cannot be checked: the CRL '{named[0].Source}' for '{issuer.Subject}' is not signed by that issuer's key.", path);
            }

            var usable = signed.Where(c => c.ThisUpdate >= at || (c.ThisUpdate <= at && c.NextUpdate is { } next && at <= next)).ToList();
            if (usable.Count == 0)
            {
                var crl = signed.MaxBy(c => c.ThisUpdate)!;
                return Refuse(ChainStatus.Untrusted, $"Revocation of '{path[i].Subject}' cannot be checked: the CRL '{crl.Source}' for '{issuer.Subject}' is stale at {Format(at)} (this update {Format(crl.ThisUpdate)}, next update {(crl.NextUpdate is { } n ? Format(n) : "absent")}).", path);
            }

            crls.Add((path[i], issuer, usable));
        }

        // WrongKeyUsage: a signing key, not a CA and not a TLS server certificate.
        if (WrongUsage(certificate) is { } usageProblem)
        {
            return Refuse(ChainStatus.WrongKeyUsage, $"Certificate '{subject}' may not be used for signatures: {usageProblem}.", path);
        }

        // Revoked: any element listed in a usable CRL of its issuer as revoked at or before `at`.
        foreach (var (element, issuer, lists) in crls)
        {
            if (lists.Select(c => c.RevokedAt(element)).Where(r => r is not null && r <= at).Min() is { } revokedAt)
            {
                return Refuse(ChainStatus.Revoked, $"Certificate '{element.Subject}' (serial {Convert.ToHexStringLower(element.SerialNumberBytes.Span)}) is revoked by the CRL of '{issuer.Subject}' since {Format(revokedAt)}.", path);
            }
        }

        return new ChainValidationResult(ChainStatus.Valid, $"Certificate '{subject}' chains to '{root.Subject}' and may be used for signatures.", path);
    }

    /// <summary>The path that <see cref="X509Chain"/> builds (ECDSA and RSA), or the first trust problem it reports.</summary>
    private (List<X509Certificate2> Path, ChainValidationResult? Refusal) BuildX509Path(
        X509Certificate2 certificate,
        IReadOnlyCollection<X509Certificate2> extraCertificates,
        DateTimeOffset at)
    {
        var subject = certificate.Subject;
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        // OpenSSL cannot read bign keys (nor GOST keys, without its gost engine) and throws when one is in a path: those
        // certificates are for BuildOwnPath.
        policy.CustomTrustStore.AddRange(_trust.Anchors.Where(IsForX509Chain).ToArray());
        policy.ExtraStore.AddRange(_trust.Intermediates.Where(IsForX509Chain).ToArray());
        policy.ExtraStore.AddRange(extraCertificates.Where(IsForX509Chain).ToArray());
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = at.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        chain.Build(certificate);

        var path = chain.ChainElements.Select(e => Own(e.Certificate, certificate, extraCertificates)).ToList();

        // Malformed: an extension of the end-entity certificate cannot be decoded.
        if (chain.ChainElements[0].ChainElementStatus.Any(s => s.Status.HasFlag(X509ChainStatusFlags.InvalidExtension)))
        {
            return (path, Refuse(ChainStatus.Malformed, $"Certificate '{subject}' has an extension that cannot be decoded.", path));
        }

        // Untrusted: any chain problem other than time, or a path that does not end at one of our anchors.
        var problems = chain.ChainStatus.Where(s => (s.Status & ~NotAboutTrust) != 0).ToList();
        if (problems.Count > 0)
        {
            var reasons = string.Join("; ", problems.Select(p => $"{p.Status}: {p.StatusInformation.Trim()}"));
            return (path, Refuse(ChainStatus.Untrusted, $"Certificate '{subject}' does not chain to a configured trust anchor ({reasons}).", path));
        }

        return (path, null);
    }

    /// <summary>
    /// The path for a certificate with a bign or GOST key or signature, built here because <see cref="X509Chain"/>
    /// (OpenSSL) knows neither: from the certificate, repeatedly, an issuer among the anchors, the intermediates and the
    /// extra certificates whose subject is the issuer name and whose key verifies the signature (bign-with-hbelt,
    /// GOST R 34.10-2012, or ECDSA for a mixed chain), which is a CA allowed to sign certificates at that depth — until an
    /// anchor.
    /// </summary>
    private (List<X509Certificate2> Path, ChainValidationResult? Refusal) BuildOwnPath(
        X509Certificate2 certificate,
        IReadOnlyCollection<X509Certificate2> extraCertificates)
    {
        var subject = certificate.Subject;
        var path = new List<X509Certificate2> { certificate };
        var candidates = _trust.Anchors.Concat(_trust.Intermediates).Concat(extraCertificates).ToList();
        var current = certificate;
        while (!_trust.Anchors.Any(a => Same(a, current)))
        {
            if (path.Count >= MaxOwnPathLength)
            {
                return (path, Refuse(ChainStatus.Untrusted, $"Certificate '{subject}' does not chain to a configured trust anchor within {MaxOwnPathLength} certificates.", path));
            }

            var issuerName = current.IssuerName.RawData;
            var named = candidates
                .Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(issuerName) && !path.Any(p => Same(p, c)))
                .ToList();
            if (named.Count == 0)
            {
                return (path, Refuse(ChainStatus.Untrusted, $"Certificate '{subject}' does not chain to a configured trust anchor: no certificate of '{current.Issuer}', the issuer of '{current.Subject}', is known.", path));
            }

            var issuer = named.FirstOrDefault(c => SignedObjects.IsSignedBy(current.RawDataMemory, c));
            if (issuer is null)
            {
                return (path, Refuse(ChainStatus.Untrusted, $"Certificate '{subject}' does not chain to a configured trust anchor: the signature of '{current.Subject}' does not verify with the key of any certificate of '{current.Issuer}'.", path));
            }

            if (IssuerProblem(issuer, intermediatesBelow: path.Count - 1) is { } problem)
            {
                return (path, Refuse(ChainStatus.Untrusted, $"Certificate '{subject}' does not chain to a configured trust anchor: '{issuer.Subject}' {problem}.", path));
            }

            path.Add(issuer);
            current = issuer;
        }

        foreach (var element in path)
        {
            var unsupported = element.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Critical && !KnownExtensions.Contains(e.Oid?.Value ?? string.Empty));
            if (unsupported is not null)
            {
                return (path, Refuse(ChainStatus.Untrusted, $"Certificate '{element.Subject}' has a critical extension {unsupported.Oid?.Value} that is not supported.", path));
            }
        }

        return (path, null);
    }

    /// <summary>Why <paramref name="issuer"/> may not have issued a certificate with that many CA certificates below it, or null.</summary>
    private static string? IssuerProblem(X509Certificate2 issuer, int intermediatesBelow)
    {
        var constraints = issuer.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (constraints is not { CertificateAuthority: true })
        {
            return "is not a CA certificate (basicConstraints cA is not set)";
        }

        if (constraints.HasPathLengthConstraint && intermediatesBelow > constraints.PathLengthConstraint)
        {
            return $"allows {constraints.PathLengthConstraint} intermediate CA certificate(s) below it; the path has {intermediatesBelow}";
        }

        var keyUsage = issuer.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        return keyUsage is not null && (keyUsage.KeyUsages & X509KeyUsageFlags.KeyCertSign) == 0
            ? "may not sign certificates (its key usage lacks keyCertSign)"
            : null;
    }

    /// <summary>Whether <see cref="X509Chain"/> can handle the certificate: neither a bign nor a GOST key or signature.</summary>
    private static bool IsForX509Chain(X509Certificate2 certificate) =>
        !BignCertificates.HasBignKey(certificate) && !BignCertificates.HasBignSignature(certificate)
        && !GostCertificates.HasGostKey(certificate) && !GostCertificates.HasGostSignature(certificate);

    private static bool Same(X509Certificate2 a, X509Certificate2 b) => a.RawDataMemory.Span.SequenceEqual(b.RawDataMemory.Span);

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
