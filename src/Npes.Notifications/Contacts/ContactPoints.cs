using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npes.Core.Errors;
using Npes.Notifications.Sending;

namespace Npes.Notifications.Contacts;

/// <summary>Checking, normalising and masking contact points; the one-time codes that confirm them.</summary>
internal static partial class ContactPoints
{
    public const int MaxEmailLength = 254;
    public const int CodeDigits = 6;

    /// <summary>The address in its stored form, or a refusal saying what is wrong.</summary>
    public static string Normalize(string channel, string? address)
    {
        var text = address?.Trim() ?? string.Empty;
        if (channel == Channels.Email)
        {
            // A bare address: local@domain, printable ASCII or UTF-8 letters, no display name, no spaces, no route.
            if (text.Length is 0 or > MaxEmailLength || !EmailPattern().IsMatch(text)
                || !MimeKit.MailboxAddress.TryParse(text, out var parsed) || parsed.Address != text || !string.IsNullOrEmpty(parsed.Name))
            {
                throw new NpesException(NpesErrors.ContactInvalid, $"'address' must be an e-mail address (local@domain, at most {MaxEmailLength} characters).");
            }

            var at = text.LastIndexOf('@');
            return text[..at] + "@" + text[(at + 1)..].ToLowerInvariant();
        }

        var digits = PhoneSeparators().Replace(text, string.Empty);
        if (!PhonePattern().IsMatch(digits))
        {
            throw new NpesException(NpesErrors.ContactInvalid, "'address' must be a mobile number in international form, e.g. +375291234567.");
        }

        return digits;
    }

    /// <summary>What evidence and logs show of a destination: enough to tell which, not enough to use it.</summary>
    public static string Mask(string channel, string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (channel == Channels.Email)
        {
            var at = address.LastIndexOf('@');
            var local = at > 0 ? address[..at] : address;
            var domain = at > 0 ? address[(at + 1)..] : string.Empty;
            var dot = domain.LastIndexOf('.');
            var maskedDomain = dot > 0 ? domain[0] + "***" + domain[dot..] : "***";
            return local[0] + "***@" + maskedDomain;
        }

        return address.Length > 6 ? address[..4] + new string('*', address.Length - 7) + address[^3..] : "***";
    }

    public static string NewCode() =>
        RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, CodeDigits)).ToString("D" + CodeDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The stored form of a code: bound to its contact point, so equal codes of two contacts differ.</summary>
    public static byte[] Hash(Guid contactId, string code) => SHA256.HashData(Encoding.UTF8.GetBytes(contactId.ToString("N") + ":" + code));

    public static bool Matches(Guid contactId, string? code, byte[] stored)
    {
        var candidate = code?.Trim() ?? string.Empty;
        return candidate.Length == CodeDigits && candidate.All(char.IsAsciiDigit)
            && CryptographicOperations.FixedTimeEquals(Hash(contactId, candidate), stored);
    }

    [GeneratedRegex(@"^[^\s@<>()\[\],;:""\\\p{C}]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"[\s\-().]")]
    private static partial Regex PhoneSeparators();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex PhonePattern();
}
