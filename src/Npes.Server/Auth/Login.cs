using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Auth;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Core.Parties;
using Npes.Eds;
using Npes.Eds.Input;

namespace Npes.Server.Auth;

/// <summary>
/// Checks an answered challenge — the challenge itself, the signature, the certificate chain and the
/// holder's identity, in that order — and opens a short-lived session.
/// </summary>
internal sealed class Login(
    IChallengeStore challenges,
    ISessionStore sessions,
    IPartyStore parties,
    IEdsProviderRegistry providers,
    IChainValidator chains,
    IOptions<AuthOptions> options,
    TimeProvider time)
{
    public async Task<LoginResponse> HandleAsync(LoginRequest request, CancellationToken cancellationToken)
    {
        if (request.ChallengeId is not { } challengeId)
        {
            throw new NpesException(NpesErrors.ValidationFailed, "'challengeId' is required.");
        }

        using var certificate = CertificateInput.Parse(request.Certificate, "certificate");
        var chain = CertificateInput.ParseChain(request.Chain);
        try
        {
            var signature = CertificateInput.DecodeBase64(request.Signature, "signature", CertificateInput.MaxSignatureChars, NpesErrors.SignatureInvalid);
            var now = time.GetUtcNow();

            var challenge = await challenges.FindAsync(challengeId, cancellationToken)
                ?? throw new NpesException(NpesErrors.ChallengeUnknown, "No challenge with this id was issued (or it was purged after expiry).");
            if (!CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(challenge.CertificateThumbprint),
                    System.Text.Encoding.ASCII.GetBytes(CertificateInput.Thumbprint(certificate))))
            {
                throw new NpesException(NpesErrors.ChallengeForeign, "The challenge was issued for a different certificate; request a challenge for this one.");
            }

            if (challenge.UsedAt is not null)
            {
                throw new NpesException(NpesErrors.ChallengeReplayed, "The challenge was already answered; request a new one.");
            }

            if (now >= challenge.ExpiresAt)
            {
                throw new NpesException(NpesErrors.ChallengeExpired, "The challenge expired; request a new one.");
            }

            if (!await challenges.ConsumeAsync(challenge.Id, now, cancellationToken))
            {
                throw new NpesException(NpesErrors.ChallengeReplayed, "The challenge was already answered; request a new one.");
            }

            var provider = providers.Find(certificate)
                ?? throw new NpesException(NpesErrors.CertificateUnsupported, "No configured EDS provider handles this certificate's key algorithm.");
            if (!provider.Verify(certificate, challenge.ToBeSigned, signature))
            {
                throw new NpesException(NpesErrors.SignatureInvalid, "The signature over the challenge does not verify with the certificate's public key.");
            }

            var validation = chains.Validate(certificate, chain, CertificatePurpose.Signature, now);
            if (!validation.IsValid)
            {
                throw new NpesException(ChainErrors.Of(validation.Status), validation.Detail);
            }

            var identity = provider.Describe(certificate);
            var party = identity.Kind switch
            {
                SignerKind.Person => await parties.UpsertAsync(PartyKind.Person, identity.DisplayName, identity.PersonalNumber, null, now, cancellationToken),
                SignerKind.Organisation => await parties.UpsertAsync(PartyKind.Organisation, identity.DisplayName, null, identity.Unp, now, cancellationToken),
                SignerKind.Unknown => throw new NpesException(NpesErrors.CertificateNoIdentity, "The certificate carries neither a personal identification number (serialNumber) nor a УНП (organizationIdentifier VATBY-…)."),
                _ => throw new NpesException(NpesErrors.CertificateNoIdentity),
            };

            var roles = RolesOf(party);
            var token = "npes_" + Base64Url(RandomNumberGenerator.GetBytes(32));
            var session = new Session(BearerTokens.Hash(token), party.Id, identity.Thumbprint, roles, now, now + options.Value.TokenLifetime);
            await sessions.AddAsync(session, cancellationToken);
            return new LoginResponse(token, "Bearer", session.ExpiresAt, party.ToDto(), roles);
        }
        finally
        {
            foreach (var extra in chain)
            {
                extra.Dispose();
            }
        }
    }

    private List<string> RolesOf(Party party)
    {
        List<string> roles = [party.Kind == PartyKind.Person ? Roles.Citizen : Roles.Organisation];
        if (party.Kind == PartyKind.Person && options.Value.Operators.Contains(party.PersonalNumber!, StringComparer.Ordinal))
        {
            roles.Add(Roles.Operator);
        }

        if (party.Kind == PartyKind.Person && options.Value.Auditors.Contains(party.PersonalNumber!, StringComparer.Ordinal))
        {
            roles.Add(Roles.Auditor);
        }

        if (roles.Contains(Roles.Operator) && options.Value.Admins.Contains(party.PersonalNumber!, StringComparer.Ordinal))
        {
            roles.Add(Roles.Admin);
        }

        return roles;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
