using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Npes.Webhooks;

/// <summary>
/// Signatures in the manner of the Standard Webhooks specification: HMAC-SHA256 with the endpoint's secret over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, sent as <c>webhook-signature: v1,BASE64</c>.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static byte[] SecretBytes(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
    }

    public static string Sign(byte[] secret, string id, long timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}."));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(secret, (byte[])[.. prefix, .. body]));
    }

    /// <summary>Receiver side: constant-time check of any of the space-separated signatures, and of the timestamp's age.</summary>
    public static bool Verify(byte[] secret, string id, string timestamp, string signatureHeader, byte[] body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(signatureHeader);
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, seconds, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }
}
