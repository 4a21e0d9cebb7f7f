using System.Globalization;
using System.Security.Claims;
using Npes.Core.Errors;

namespace Npes.Core.Http;

public static class CallerExtensions
{
    /// <summary>The party id of the authenticated caller; handlers scope every query by it.</summary>
    public static Guid PartyId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Roles.PartyIdClaim), CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new NpesException(NpesErrors.Unauthenticated);
}
