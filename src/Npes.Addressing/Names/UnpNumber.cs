namespace Npes.Addressing.Names;

/// <summary>
/// The УНП (учётный номер плательщика), the Belarusian taxpayer number: nine characters, the last a check digit.
/// Organisations have nine digits, the first the region of registration (1–7). Individual entrepreneurs have two
/// letters, then seven digits; the letters are the ones Cyrillic and Latin share (А В С Е Н К М, and О Р Т in second
/// place), so "МА1953684" and "MA1953684" are one number.
/// </summary>
/// <remarks>
/// The check digit is the weighted sum of the first eight characters (weights 29, 23, 19, 17, 13, 7, 5, 3) modulo 11;
/// a sum that leaves 10 belongs to no issued number. A first letter counts as its place in the Latin alphabet plus 9
/// (A = 10 … M = 22), a second letter as its place in "ABCEHKMOPT" (0–9).
/// </remarks>
internal static class UnpNumber
{
    private static readonly int[] Weights = [29, 23, 19, 17, 13, 7, 5, 3];
    private const string FirstLetters = "ABCEHKM";
    private const string SecondLetters = "ABCEHKMOPT";

    /// <summary>
    /// The number in its one written form (Latin capitals, no spaces, no "УНП" in front), or null when
    /// <paramref name="text"/> holds no nine characters of the УНП's shape. The check digit is not verified here.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return null;
        }

        var upper = new string([.. text.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '.' or ':' or '№'))]).ToUpperInvariant();
        foreach (var prefix in (string[])["УНП", "UNP"])
        {
            if (upper.StartsWith(prefix, StringComparison.Ordinal))
            {
                upper = upper[prefix.Length..];
            }
        }

        var compact = new string([.. upper.Select(ToLatin)]);
        return HasShape(compact) ? compact : null;
    }

    /// <summary>Whether a normalised number's check digit is right.</summary>
    public static bool IsValid(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        return HasShape(normalized) && CheckDigit(normalized) is { } digit && normalized[8] - '0' == digit;
    }

    /// <summary>The check digit of the first eight characters, or null when their sum leaves 10 (no such number is issued).</summary>
    public static int? CheckDigit(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = number[i];
            var value = char.IsAsciiDigit(c) ? c - '0'
                : i == 0 ? c - 'A' + 10
                : SecondLetters.IndexOf(c, StringComparison.Ordinal);
            sum += value * Weights[i];
        }

        var remainder = sum % 11;
        return remainder == 10 ? null : remainder;
    }

    private static bool HasShape(string s)
    {
        if (s.Length != 9 || s.AsSpan(2).ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        return char.IsAsciiDigit(s[0])
            ? s[0] is >= '1' and <= '7' && char.IsAsciiDigit(s[1])
            : FirstLetters.Contains(s[0], StringComparison.Ordinal) && SecondLetters.Contains(s[1], StringComparison.Ordinal);
    }

    // Cyrillic capitals that look like the Latin letters of the УНП.
    private static char ToLatin(char c) => c switch
    {
        'А' => 'A', 'В' => 'B', 'С' => 'C', 'Е' => 'E', 'Н' => 'H', 'К' => 'K', 'М' => 'M', 'О' => 'O', 'Р' => 'P', 'Т' => 'T',
        _ => c,
    };
}
