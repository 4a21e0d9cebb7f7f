using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds;

/// <summary>Why a certificate chain was accepted or refused. One reason, the first that applies in this order.</summary>
public enum ChainStatus
{
    Valid = 0,
    Malformed,
    Untrusted,
    Expired,
    NotYetValid,
    WrongKeyUsage,
    Revoked,
}

/// <summary>Outcome of <see cref="IChainValidator.Validate"/>.</summary>
/// <param name="Status">Valid or the reason for refusal.</param>
/// <param name="Detail">A sentence naming the certificate concerned, for humans and logs.</param>
/// <param name="Chain">The path from the end-entity certificate to the anchor, when one was built.</param>
public sealed record ChainValidationResult(ChainStatus Status, string Detail, IReadOnlyList<X509Certificate2> Chain)
{
    public bool IsValid => Status == ChainStatus.Valid;
}

/// <summary>What a certificate is being validated for.</summary>
public enum CertificatePurpose
{
    /// <summary>Signing (login, handover, refusal): digitalSignature or nonRepudiation key usage.</summary>
    Signature = 0,
}

/// <summary>Builds and checks a certificate path to the configured trust anchors.</summary>
public interface IChainValidator
{
    /// <param name="certificate">End-entity certificate.</param>
    /// <param name="extraCertificates">Intermediates supplied by the client, in addition to the configured ones.</param>
    /// <param name="purpose">Purpose the key usage must allow.</param>
    /// <param name="at">Validation time; usually now, or the time a timestamp gives a signature.</param>
    /// <param name="revocation">CRLs that came with the evidence, offered beside the configured ones.</param>
    ChainValidationResult Validate(
        X509Certificate2 certificate,
        IReadOnlyCollection<X509Certificate2> extraCertificates,
        CertificatePurpose purpose,
        DateTimeOffset at,
        Trust.RevocationEvidence? revocation = null);
}

/// <summary>Chooses the provider for a certificate.</summary>
public interface IEdsProviderRegistry
{
    IReadOnlyList<IEdsProvider> Providers { get; }

    /// <summary>The configured provider that supports the certificate, or null.</summary>
    IEdsProvider? Find(X509Certificate2 certificate);
}
