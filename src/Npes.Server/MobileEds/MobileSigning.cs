using System.Text.RegularExpressions;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Eds;
using Npes.Eds.MobileEds;
using Npes.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Npes.Server.MobileEds;

/// <summary>The steps login and handover share: phone check, starting and polling the service, refusal and expiry.</summary>
internal sealed partial class MobileSigning(IMobileSigningService service, PendingMobileSignings pending, RateLimits limits, IOptions<RateLimitOptions> rateLimits, TimeProvider time)
{
    public static string Phone(string? phone) =>
        phone is not null && PhonePattern().IsMatch(phone)
            ? phone
            : throw new NpesException(NpesErrors.ValidationFailed, "'phone' is required: an international number such as +375291234567.");

    public async Task<System.Security.Cryptography.X509Certificates.X509Certificate2> CertificateAsync(string phone, CancellationToken cancellationToken) =>
        await CallAsync(() => service.FindCertificateAsync(phone, cancellationToken))
            ?? throw new NpesException(NpesErrors.MobilePhoneUnknown, $"Phone {phone} has no mobile EDS.");

    /// <summary>
    /// Counts a start against the limits — per client address, per phone (a prompt pushed at someone's phone) and per
    /// party when one is logged in — before anything is sent or written.
    /// </summary>
    public async Task CheckLimitsAsync(HttpContext context, string phone, Guid? partyId, CancellationToken cancellationToken)
    {
        var settings = rateLimits.Value;
        await limits.CheckAsync("mobile:ip:" + RateLimits.ClientOf(context), settings.MobileStartsPerIp, "mobile EDS requests from this address", cancellationToken);
        await limits.CheckAsync("mobile:phone:" + phone.TrimStart('+'), settings.MobileStartsPerPhone, "mobile EDS requests to this phone", cancellationToken);
        if (partyId is { } party)
        {
            await limits.CheckAsync("mobile:party:" + party.ToString("D"), settings.MobileStartsPerParty, "mobile EDS requests by this party", cancellationToken);
        }
    }

    /// <summary>
    /// Sends <paramref name="data"/> to the phone with a prompt carrying a fresh verification code, and remembers the
    /// request bound to a poll secret that only the caller receives.
    /// </summary>
    public async Task<MobileStartResponse> StartAsync(
        string phone,
        byte[] data,
        Func<string, string> displayText,
        Func<string, string, byte[], PendingMobileSigning> remember,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(displayText);
        ArgumentNullException.ThrowIfNull(remember);
        var code = PendingMobileSignings.NewCode();
        var (secret, secretHash) = PendingMobileSignings.NewSecret();
        var text = displayText(code);
        var serviceId = await CallAsync(() => service.StartAsync(phone, data, text, cancellationToken))
            ?? throw new NpesException(NpesErrors.MobilePhoneUnknown, $"Phone {phone} has no mobile EDS.");
        var signing = remember(serviceId, code, secretHash);
        var id = await pending.AddAsync(signing, cancellationToken);
        return new MobileStartResponse(id, signing.ExpiresAt, text, code, secret);
    }

    /// <summary>Null while pending; the signed result once (the request is then forgotten); throws on refusal and expiry.</summary>
    public async Task<MobileSigningResult?> PollAsync(string requestId, PendingMobileSigning signing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signing);
        var result = time.GetUtcNow() > signing.ExpiresAt
            ? MobileSigningResult.Expired
            : await CallAsync(() => service.PollAsync(signing.ServiceRequestId, cancellationToken));
        switch (result.State)
        {
            case MobileSigningState.Pending:
                return null;
            case MobileSigningState.Signed:
                return await pending.RemoveAsync(requestId, cancellationToken)
                    ? result
                    : throw new NpesException(NpesErrors.MobileRequestUnknown, "The answer to this mobile signing request was already taken.");
            case MobileSigningState.Refused:
                await pending.RemoveAsync(requestId, cancellationToken);
                throw new NpesException(NpesErrors.MobileRefused, "The holder refused the signing request on the phone.");
            case MobileSigningState.Expired:
                await pending.RemoveAsync(requestId, cancellationToken);
                throw new NpesException(NpesErrors.MobileExpired, "The phone did not answer the signing request in time; start again.");
            default:
                throw new NpesException(NpesErrors.MobileUnavailable, "The mobile signing service reported an unknown state.");
        }
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (EdsException e)
        {
            throw new NpesException(NpesErrors.MobileUnavailable, e.Message, e);
        }
    }

    [GeneratedRegex(@"^\+?[0-9]{5,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
