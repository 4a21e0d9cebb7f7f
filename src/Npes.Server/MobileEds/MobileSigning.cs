using System.Text.RegularExpressions;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Eds;
using Npes.Eds.MobileEds;

namespace Npes.Server.MobileEds;

/// <summary>The steps login and handover share: phone check, starting and polling the service, refusal and expiry.</summary>
internal sealed partial class MobileSigning(IMobileSigningService service, PendingMobileSignings pending, TimeProvider time)
{
    public static string Phone(string? phone) =>
        phone is not null && PhonePattern().IsMatch(phone)
            ? phone
            : throw new NpesException(NpesErrors.ValidationFailed, "'phone' is required: an international number such as +375291234567.");

    public async Task<System.Security.Cryptography.X509Certificates.X509Certificate2> CertificateAsync(string phone, CancellationToken cancellationToken) =>
        await CallAsync(() => service.FindCertificateAsync(phone, cancellationToken))
            ?? throw new NpesException(NpesErrors.MobilePhoneUnknown, $"Phone {phone} has no mobile EDS.");

    public async Task<MobileStartResponse> StartAsync(string phone, byte[] data, string displayText, Func<string, PendingMobileSigning> remember, CancellationToken cancellationToken)
    {
        var serviceId = await CallAsync(() => service.StartAsync(phone, data, displayText, cancellationToken))
            ?? throw new NpesException(NpesErrors.MobilePhoneUnknown, $"Phone {phone} has no mobile EDS.");
        var signing = remember(serviceId);
        return new MobileStartResponse(pending.Add(signing), signing.ExpiresAt, displayText);
    }

    /// <summary>Null while pending; the signed result once (the request is then forgotten); throws on refusal and expiry.</summary>
    public async Task<MobileSigningResult?> PollAsync(string requestId, PendingMobileSigning signing, CancellationToken cancellationToken)
    {
        var result = time.GetUtcNow() > signing.ExpiresAt
            ? MobileSigningResult.Expired
            : await CallAsync(() => service.PollAsync(signing.ServiceRequestId, cancellationToken));
        switch (result.State)
        {
            case MobileSigningState.Pending:
                return null;
            case MobileSigningState.Signed:
                pending.Remove(requestId);
                return result;
            case MobileSigningState.Refused:
                pending.Remove(requestId);
                throw new NpesException(NpesErrors.MobileRefused, "The holder refused the signing request on the phone.");
            case MobileSigningState.Expired:
                pending.Remove(requestId);
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
