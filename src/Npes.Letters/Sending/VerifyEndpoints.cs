using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Letters;
using Npes.Core.Parties;
using Npes.Letters.Store;

namespace Npes.Letters.Sending;

/// <summary>
/// The check behind the QR code on every printed letter: anyone holding the paper copy (S10 id and manifest digest,
/// both printed on it) can confirm it against the digital original. Without the right digest the answer is the same
/// 404 as for an unknown S10, so the endpoint tells nothing to someone who has not seen the paper.
/// </summary>
internal static class VerifyEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/verify/{s10}", VerifyAsync)
            .WithTags("Letters")
            .AllowAnonymous()
            .WithName("VerifyPaperCopy")
            .WithSummary("Check a paper copy: its S10 id and the manifest SHA-256 printed in its QR code (query m)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Ok<PaperCopyVerificationDto>> VerifyAsync(string s10, string? m, ILetterStore letters, IPartyStore parties, CancellationToken cancellationToken)
    {
        var id = s10.Trim().ToUpperInvariant();
        byte[]? digest = null;
        if (m is { Length: 64 })
        {
            try
            {
                digest = Convert.FromHexString(m);
            }
            catch (FormatException)
            {
            }
        }

        var letter = S10.IsValid(id) && digest is not null ? await letters.FindByS10Async(id, cancellationToken) : null;
        if (letter is null || !CryptographicOperations.FixedTimeEquals(letter.ManifestSha256, digest))
        {
            throw new NpesException(NpesErrors.LetterNotFound, "No letter has that S10 id and manifest digest; the paper copy does not match a letter NPES accepted.");
        }

        var sender = await parties.FindAsync(letter.SenderPartyId, cancellationToken);
        return TypedResults.Ok(new PaperCopyVerificationDto(letter.S10, letter.Kind, sender?.DisplayName ?? string.Empty, letter.SubmittedAt, letter.Status.ToWire(), Convert.ToHexStringLower(letter.ManifestSha256)));
    }
}
