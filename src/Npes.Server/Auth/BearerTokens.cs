using System.Security.Cryptography;
using System.Text;

namespace Npes.Server.Auth;

/// <summary>Bearer tokens are random; only their SHA-256 is stored, so a database leak yields no usable token.</summary>
internal static class BearerTokens
{
    public const int MaxLength = 128;

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
