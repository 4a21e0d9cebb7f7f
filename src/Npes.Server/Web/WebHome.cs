using System.Security.Claims;
using Npes.Core.Http;
using Npes.Server.Auth;

namespace Npes.Server.Web;

/// <summary>Where a logged-in party starts: operators at the console, organisations at their sent letters, citizens at the inbox.</summary>
internal static class WebHome
{
    public static string Of(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        return set.Contains(Roles.Operator) ? "/print" : set.Contains(Roles.Organisation) ? "/sent" : "/inbox";
    }

    public static string Of(ClaimsPrincipal user) => Of(user.FindAll(ClaimTypes.Role).Select(c => c.Value));
}
