namespace Npes.Print.Rendering;

/// <summary>
/// Code 128 (ISO/IEC 15417) encoder for the S10 barcode: code set B for printable ASCII, code set C for runs of
/// digits long enough to save space (4 or more at the start or end, 6 or more in the middle), checksum mod 103,
/// stop pattern. The result is module widths, bar first, alternating bar and space; quiet zones are the caller's.
/// </summary>
internal static class Code128
{
    /// <summary>Clear space required left and right of the symbol, in modules.</summary>
    public const int QuietZoneModules = 10;

    private const int StartB = 104;
    private const int StartC = 105;
    private const int CodeB = 100;
    private const int CodeC = 99;
    private const int Stop = 106;

    /// <summary>Element widths of symbol values 0..106, bar first; each sums to 11 modules, the stop pattern to 13.</summary>
    private static readonly string[] Patterns =
    [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ];

    /// <summary>The symbol values of <paramref name="text"/>: start, data (with code-set switches), checksum, stop.</summary>
    /// <exception cref="ArgumentException">The text is empty or holds a character outside printable ASCII (32..126).</exception>
    public static IReadOnlyList<int> EncodeValues(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text.Any(c => c is < ' ' or > '~'))
        {
            throw new ArgumentException("Code 128 text must be 1 or more printable ASCII characters.", nameof(text));
        }

        var values = new List<int>(text.Length + 6);
        var inC = DigitRun(text, 0) is var first && (first == text.Length ? first >= 2 && first % 2 == 0 : first >= 4);
        values.Add(inC ? StartC : StartB);
        var i = 0;
        while (i < text.Length)
        {
            if (inC)
            {
                if (DigitRun(text, i) >= 2)
                {
                    values.Add(((text[i] - '0') * 10) + (text[i + 1] - '0'));
                    i += 2;
                    continue;
                }

                values.Add(CodeB);
                inC = false;
            }

            var run = DigitRun(text, i);
            var atEnd = i + run == text.Length;
            if (run >= (atEnd ? 4 : 6))
            {
                // An odd run keeps its first digit in code set B, so code set C gets pairs only.
                if (run % 2 == 1)
                {
                    values.Add(text[i] - ' ');
                    i++;
                }

                values.Add(CodeC);
                inC = true;
                continue;
            }

            values.Add(text[i] - ' ');
            i++;
        }

        var sum = values[0];
        for (var k = 1; k < values.Count; k++)
        {
            sum += values[k] * k;
        }

        values.Add(sum % 103);
        values.Add(Stop);
        return values;
    }

    /// <summary>Module widths of the whole symbol (start to stop), bar first, alternating bar and space.</summary>
    public static int[] Encode(string text)
    {
        var values = EncodeValues(text);
        var widths = new int[((values.Count - 1) * 6) + 7];
        var at = 0;
        foreach (var value in values)
        {
            foreach (var c in Patterns[value])
            {
                widths[at++] = c - '0';
            }
        }

        return widths;
    }

    /// <summary>The width pattern of one symbol value, for tests.</summary>
    internal static string Pattern(int value) => Patterns[value];

    private static int DigitRun(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - start;
    }
}
