using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Server.Auth;

namespace Npes.Server.MobileEds;

/// <summary>
/// Login with mobile EDS: a challenge is issued for the phone's certificate and sent to the phone with a verification
/// code that the starting client also shows; once signed there, the answer goes through the ordinary
/// <see cref="Login"/> (statement, signature, chain, identity). Only the client holding the poll secret gets the token.
/// </summary>
internal sealed class MobileLogin(MobileSigning mobile, PendingMobileSignings pending, IssueChallenge challenges, Login login, IOptions<AuthOptions> options, TimeProvider time)
{
    public static string DisplayText(string code) => $"Вход в NPES, код {code} / Login to NPES, code {code}";

    public async Task<MobileStartResponse> StartAsync(MobileStartRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var phone = MobileSigning.Phone(request.Phone);
        await mobile.CheckLimitsAsync(context, phone, null, cancellationToken);
        using var certificate = await mobile.CertificateAsync(phone, cancellationToken);
        var challenge = await challenges.HandleAsync(new ChallengeRequest(Convert.ToBase64String(certificate.RawData)), IssueChallenge.OriginOf(context.Request), cancellationToken);
        var now = time.GetUtcNow();
        var expiresAt = Min(challenge.ExpiresAt, now + options.Value.ChallengeLifetime);
        return await mobile.StartAsync(
            phone,
            Convert.FromBase64String(challenge.ToBeSigned),
            DisplayText,
            (serviceId, code, secretHash) => new PendingMobileSigning(PendingMobileSigning.Login, serviceId, phone, secretHash, code, challenge.ChallengeId, null, null, null, now, expiresAt),
            cancellationToken);
    }

    /// <summary>Null while the phone has not answered; the login once signed. Refused unless the caller holds the poll secret.</summary>
    public async Task<LoginResponse?> PollAsync(MobilePollRequest request, CancellationToken cancellationToken)
    {
        var signing = await pending.FindAsync(request.RequestId, request.PollSecret, cancellationToken);
        if (signing.Purpose != PendingMobileSigning.Login || signing.ChallengeId is not { } challengeId)
        {
            throw new NpesException(NpesErrors.MobileRequestUnknown, "This request id is not a login.");
        }

        var result = await mobile.PollAsync(request.RequestId!, signing, cancellationToken);
        return result is null
            ? null
            : await login.HandleAsync(new LoginRequest(challengeId, Convert.ToBase64String(result.Certificate!), Convert.ToBase64String(result.Signature!), null), cancellationToken);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
