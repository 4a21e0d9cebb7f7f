namespace Npes.Contracts;

/// <summary>Asks for a login challenge for one certificate.</summary>
/// <param name="Certificate">The signer's certificate, base64 DER or PEM.</param>
public sealed record ChallengeRequest(string? Certificate);

/// <summary>A fresh, single-use challenge.</summary>
/// <param name="ChallengeId">Quote it in the login request.</param>
/// <param name="ToBeSigned">The exact bytes to sign (base64); UTF-8 text a phone can display.</param>
/// <param name="ExpiresAt">The challenge is refused after this instant.</param>
/// <param name="SignatureFormat">How the signature must be encoded for this certificate's key.</param>
public sealed record ChallengeResponse(Guid ChallengeId, string ToBeSigned, DateTimeOffset ExpiresAt, string SignatureFormat);

/// <summary>Answers a challenge.</summary>
/// <param name="ChallengeId">From the challenge response.</param>
/// <param name="Certificate">The same certificate the challenge was issued for.</param>
/// <param name="Signature">Signature over <c>toBeSigned</c>, base64.</param>
/// <param name="Chain">Optional intermediate certificates, base64 DER or PEM.</param>
public sealed record LoginRequest(Guid? ChallengeId, string? Certificate, string? Signature, IReadOnlyList<string>? Chain);

/// <summary>The party behind a session.</summary>
public sealed record PartyDto(Guid Id, string Kind, string Name, string? PersonalNumber, string? Unp);

/// <summary>A bearer token for the API.</summary>
public sealed record LoginResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, PartyDto Party, IReadOnlyList<string> Roles);
