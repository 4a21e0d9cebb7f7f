using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Server.Auth;

namespace Npes.Server.MobileEds;

/// <summary>
/// Login with mobile EDS: a challenge is issued for the phone's certificate and sent to the phone; once signed there,
/// the answer goes through the ordinary <see cref="Login"/> (signature, chain, identity).
/// </summary>
internal sealed class MobileLogin(MobileSigning mobile, PendingMobileSignings pending, IssueChallenge challenges, Login login, IOptions<AuthOptions> options, TimeProvider time)
{
    public const string DisplayText = "Вход в NPES / Login to NPES";

    public async Task<MobileStartResponse> StartAsync(MobileStartRequest request, CancellationToken cancellationToken)
    {
        var phone = MobileSigning.Phone(request.Phone);
        using var certificate = await mobile.CertificateAsync(phone, cancellationToken);
        var challenge = await challenges.HandleAsync(new ChallengeRequest(Convert.ToBase64String(certificate.RawData)), cancellationToken);
        var expiresAt = Min(challenge.ExpiresAt, time.GetUtcNow() + options.Value.ChallengeLifetime);
        return await mobile.StartAsync(
            phone,
            Convert.FromBase64String(challenge.ToBeSigned),
            DisplayText,
            serviceId => new PendingMobileSigning(serviceId, challenge.ChallengeId, null, null, null, expiresAt),
            cancellationToken);
    }

    /// <summary>Null while the phone has not answered; the login once signed.</summary>
    public async Task<LoginResponse?> PollAsync(MobilePollRequest request, CancellationToken cancellationToken)
    {
        var signing = pending.Find(request.RequestId);
        if (signing.ChallengeId is not { } challengeId)
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
