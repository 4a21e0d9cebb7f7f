using System.Globalization;

namespace Npes.Core.Letters;

/// <summary>
/// UPU S10 item identifiers: two letters (service indicator), an 8-digit serial, a check digit, and the ISO
/// country code — e.g. <c>RR123456785BY</c>. Check digit: weights 8 6 4 2 3 5 9 7 over the serial,
/// c = 11 − (sum mod 11), with 10 → 0 and 11 → 5.
/// </summary>
public static class S10
{
    public const long MaxSerial = 99_999_999;
    private static readonly int[] Weights = [8, 6, 4, 2, 3, 5, 9, 7];

    public static int CheckDigit(long serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, MaxSerial);
        var digits = serial.ToString("D8", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (digits[i] - '0') * Weights[i];
        }

        return (11 - (sum % 11)) switch
        {
            10 => 0,
            11 => 5,
            var c => c,
        };
    }

    public static string Create(string series, long serial, string country = "BY")
    {
        if (!IsLetters(series))
        {
            throw new ArgumentException("An S10 series is two capital Latin letters, e.g. RR.", nameof(series));
        }

        if (!IsLetters(country))
        {
            throw new ArgumentException("An S10 country is a two-letter ISO 3166 code, e.g. BY.", nameof(country));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{series}{serial:D8}{CheckDigit(serial)}{country}");
    }

    public static bool IsValid(string? id) =>
        id is { Length: 13 }
        && IsLetters(id[..2])
        && IsLetters(id[11..])
        && long.TryParse(id.AsSpan(2, 8), NumberStyles.None, CultureInfo.InvariantCulture, out var serial)
        && id[10] - '0' == CheckDigit(serial);

    private static bool IsLetters(string? text) => text is { Length: 2 } && text.All(c => c is >= 'A' and <= 'Z');
}
