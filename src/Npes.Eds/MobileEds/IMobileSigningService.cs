using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds.MobileEds;

/// <summary>
/// Mobile EDS: the private key lives on the holder's phone (or with the mobile operator). Signing is asynchronous:
/// <see cref="StartAsync"/> sends the data with a text to show, the holder confirms or refuses on the phone, and
/// <see cref="PollAsync"/> reports the outcome. The signature is then verified like any other by the EDS providers.
/// </summary>
public interface IMobileSigningService
{
    /// <summary>
    /// The certificate registered for <paramref name="phone"/>; null when the phone has no mobile EDS.
    /// Throws <see cref="EdsException"/> when the service is not configured, unreachable or answers badly.
    /// </summary>
    Task<X509Certificate2?> FindCertificateAsync(string phone, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the holder of <paramref name="phone"/> to sign <paramref name="data"/>, showing <paramref name="displayText"/>;
    /// returns the service's request id, or null when the phone has no mobile EDS.
    /// </summary>
    Task<string?> StartAsync(string phone, ReadOnlyMemory<byte> data, string displayText, CancellationToken cancellationToken);

    /// <summary>The request's state now; <see cref="MobileSigningState.Expired"/> also for a request the service no longer knows.</summary>
    Task<MobileSigningResult> PollAsync(string requestId, CancellationToken cancellationToken);
}

/// <summary>Where a mobile signing request stands.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "'Signed' is the protocol's word for the outcome, not a numeric type.")]
public enum MobileSigningState
{
    /// <summary>The phone has not answered yet.</summary>
    Pending,

    /// <summary>The holder confirmed; signature and certificate are present.</summary>
    Signed,

    /// <summary>The holder declined on the phone.</summary>
    Refused,

    /// <summary>Nobody answered in time (or the service forgot the request).</summary>
    Expired,
}

/// <summary>The outcome of a poll; <see cref="Signature"/> and <see cref="Certificate"/> (DER) only when signed.</summary>
public sealed record MobileSigningResult(MobileSigningState State, byte[]? Signature = null, byte[]? Certificate = null)
{
    public static readonly MobileSigningResult Pending = new(MobileSigningState.Pending);
    public static readonly MobileSigningResult Refused = new(MobileSigningState.Refused);
    public static readonly MobileSigningResult Expired = new(MobileSigningState.Expired);
}
