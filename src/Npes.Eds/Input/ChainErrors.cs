using Npes.Core.Errors;
using Npes.Eds;

namespace Npes.Eds.Input;

/// <summary>Maps a refused certificate chain to its catalogued error.</summary>
public static class ChainErrors
{
    public static NpesError Of(ChainStatus status) => status switch
    {
        ChainStatus.Malformed => NpesErrors.CertificateMalformed,
        ChainStatus.Untrusted => NpesErrors.CertificateUntrusted,
        ChainStatus.Expired => NpesErrors.CertificateExpired,
        ChainStatus.NotYetValid => NpesErrors.CertificateNotYetValid,
        ChainStatus.WrongKeyUsage => NpesErrors.CertificateWrongUsage,
        ChainStatus.Revoked => NpesErrors.CertificateRevoked,
        ChainStatus.Valid => throw new ArgumentOutOfRangeException(nameof(status), status, "A valid chain is not an error."),
        _ => NpesErrors.CertificateUntrusted,
    };
}
