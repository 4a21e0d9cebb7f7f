using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Auth;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Core.Parties;
using Npes.Eds;
using Npes.Eds.Input;
using Npes.Letters;
using Npes.Server.Auth.Identity;

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
    IdentityPolicies policies,
    IOptions<AuthOptions> options,
    IOptions<LettersOptions> letters,
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

            var identity = PartyIdentityOf(certificate, provider.Describe(certificate), validation.Chain[^1]);
            var party = await parties.UpsertAsync(identity.Identity, identity.DisplayName, now, cancellationToken);
            var roles = RolesOf(party, identity.Identity);
            var token = "npes_" + Base64Url(RandomNumberGenerator.GetBytes(32));
            var session = new Session(BearerTokens.Hash(token), party.Id, CertificateInput.Thumbprint(certificate), roles, now, now + options.Value.TokenLifetime);
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

    /// <summary>
    /// Whom the certificate names, under the identity policy of the anchor its chain ends in: refused when it names
    /// nobody, when that policy may not assert the kind of identifier it claims, or when it claims the operator's own
    /// system identity.
    /// </summary>
    private (PartyIdentity Identity, string DisplayName) PartyIdentityOf(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, SignerIdentity described, System.Security.Cryptography.X509Certificates.X509Certificate2 anchor)
    {
        var claimed = ClaimedIdentity.Of(certificate, described)
            ?? throw new NpesException(NpesErrors.CertificateNoIdentity, "The certificate carries neither a personal identification number (serialNumber), a УНП (organizationIdentifier VATBY-…) nor a foreign identifier in the ETSI form.");
        var policy = policies.Of(anchor)
            ?? throw new NpesException(NpesErrors.IdentityNotAsserted, $"The certificate's trust anchor '{anchor.Subject}' is in no identity policy (Npes:Auth:IdentityPolicies): it may not assert any identity.");
        if (!policy.Identifiers.Contains(claimed.IdentifierKind))
        {
            throw new NpesException(NpesErrors.IdentityNotAsserted, $"The certificate claims a {claimed.IdentifierKind} identifier, which the CAs of identity policy '{policy.Name}' (anchor '{anchor.Subject}') may not assert.");
        }

        if (claimed.IdentifierKind == IdentifierKinds.BelarusUnp && claimed.Identifier == letters.Value.OperatorUnp)
        {
            throw new NpesException(NpesErrors.IdentitySystemParty, "The certificate names the postal operator's own УНП: that identity sends NPES' own letters and cannot be logged into.");
        }

        return (new PartyIdentity(claimed.Kind, claimed.IdentifierKind, policy.Name, claimed.Identifier), claimed.DisplayName);
    }

    /// <summary>Roles are granted to an identity under the policy that asserted it, never to a bare number any CA could claim.</summary>
    private List<string> RolesOf(Party party, PartyIdentity identity)
    {
        var settings = options.Value;
        List<string> roles = [party.Kind == PartyKind.Person ? Roles.Citizen : Roles.Organisation];
        if (party.Kind == PartyKind.Person && AuthOptions.Grants(settings.Operators, identity))
        {
            roles.Add(Roles.Operator);
        }

        if (party.Kind == PartyKind.Person && AuthOptions.Grants(settings.Auditors, identity))
        {
            roles.Add(Roles.Auditor);
        }

        if (roles.Contains(Roles.Operator) && AuthOptions.Grants(settings.Admins, identity))
        {
            roles.Add(Roles.Admin);
        }

        return roles;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
