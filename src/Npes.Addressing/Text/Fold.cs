using System.Globalization;
using System.Text;

namespace Npes.Addressing.Text;

/// <summary>
/// Text folding for matching. <see cref="Normalize"/> is the light form (case, ё/е, і/и, ў/у, punctuation);
/// <see cref="Key"/> is a phonetic key that makes Russian, Belarusian and Latin spellings of one name meet:
/// Міхаіл/Михаил/Michail, Іваноў/Иванов/Ivanou, Магілёў/Могилёв/Mahilioŭ, Гродна/Гродно/Hrodna.
/// </summary>
public static class Fold
{
    private const int MaxPasses = 8;

    // Names repeat endlessly (towns, streets, given names, type words): their keys are remembered, up to a bound.
    private static readonly BoundedCache WordKeys = new(200_000);

    /// <summary>NFKC, lower case, ё→е, і→и, ў→у, every run of non-letters/digits as one space, trimmed.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = LowerNfkc(text);
        var builder = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (IsMark(c))
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(c switch { 'ё' => 'е', 'і' => 'и', 'ў' => 'у', _ => c });
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>The phonetic key of a text: each word keyed by <see cref="WordKey"/>, joined by single spaces.</summary>
    public static string Key(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var word in Words(text))
        {
            var key = WordKey(word);
            if (key.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(key);
        }

        return builder.ToString();
    }

    /// <summary>The words of a text: runs of letters, digits and apostrophes (Дар'я stays one word).</summary>
    public static IEnumerable<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = LowerNfkc(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && (char.IsLetterOrDigit(folded[i]) || ((IsApostrophe(folded[i]) || IsMark(folded[i])) && start >= 0));
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return folded[start..i];
                start = -1;
            }
        }
    }

    /// <summary>
    /// The phonetic key of one word: transliterated to Latin, then Latin spellings folded (kh→ch, ts→c, h→g,
    /// j/y→i, ie/io→e, ia after a consonant→e, o→a, e after ц/ч/ш/ж→a, ŭ-like u→v, double letters single) until
    /// nothing changes, so the key is its own key.
    /// </summary>
    public static string WordKey(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return WordKeys.GetOrAdd(word, ComputeWordKey);
    }

    private static string ComputeWordKey(string word)
    {
        var latin = Transliterate(LowerNfkc(word));
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var next = FoldLatin(latin);
            if (next == latin)
            {
                break;
            }

            latin = next;
        }

        return latin;
    }

    internal static bool IsApostrophe(char c) => c is '\'' or '’' or 'ʼ' or '`' or '‘';

    /// <summary>A combining mark left after NFKC (a stress accent: Незави́симости); it is dropped, not a word break.</summary>
    internal static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    private static string LowerNfkc(string text)
    {
        // ASCII and the Cyrillic block are their own NFKC form; only other text pays for normalisation.
        if (text.All(c => c < '\u00a0' || c is >= '\u0400' and <= '\u04ff'))
        {
            return text.ToLower(CultureInfo.InvariantCulture);
        }

        var lower = WithoutBrokenSurrogates(text).Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        return lower.IsNormalized(NormalizationForm.FormKC) ? lower : lower.Normalize(NormalizationForm.FormKC);
    }

    // A lone surrogate cannot be normalised; it is noise, so it becomes a space.
    private static string WithoutBrokenSurrogates(string text)
    {
        if (!text.Any(char.IsSurrogate))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }

    private static string Transliterate(string word)
    {
        var builder = new StringBuilder(word.Length + 4);
        foreach (var c in word)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
                continue;
            }

            var mapped = c switch
            {
                'а' => "a", 'б' => "b", 'в' => "v", 'г' or 'ґ' => "g", 'д' => "d", 'е' or 'ё' or 'є' or 'э' => "e",
                'ж' => "zh", 'з' => "z", 'и' or 'і' or 'ї' or 'й' or 'ы' => "i", 'к' => "k", 'л' => "l", 'м' => "m",
                'н' => "n", 'о' => "o", 'п' => "p", 'р' => "r", 'с' => "s", 'т' => "t", 'у' or 'ў' => "u", 'ф' => "f",
                'х' => "ch", 'ц' => "c", 'ч' => "ch", 'ш' => "sh", 'щ' => "shch", 'ю' => "iu", 'я' => "ia",
                'č' => "ch", 'š' => "sh", 'ž' => "zh", 'ć' => "c", 'ś' => "s", 'ź' => "z", 'ń' => "n", 'ĺ' or 'ł' => "l",
                'ŭ' => "u", 'ß' => "ss",
                _ => StripMarks(c),
            };
            builder.Append(mapped);
        }

        return builder.ToString();
    }

    // Other Latin letters with diacritics lose them (é → e); anything else that is not a-z or a digit is dropped.
    private static string StripMarks(char c)
    {
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(1);
        foreach (var d in decomposed)
        {
            if (d is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(d);
            }
        }

        return builder.ToString();
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    // ц (c), ч (ch), ш (sh), ж (zh) at the end of the key built so far.
    private static bool EndsWithHardSibilant(StringBuilder builder) =>
        builder.Length > 0 && (builder[^1] == 'c' || (builder.Length > 1 && builder[^1] == 'h' && builder[^2] is 'c' or 's' or 'z'));

    private static string FoldLatin(string s)
    {
        var builder = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            switch (c)
            {
                case 'k' when next == 'h':
                    builder.Append("ch");
                    i++;
                    continue;
                case 't' when next is 's' or 'z':
                    builder.Append('c');
                    i++;
                    continue;
                case 'c' when next == 'z':
                    builder.Append("ch");
                    i++;
                    continue;
                case 's' when next == 'z':
                    builder.Append("sh");
                    i++;
                    continue;
                case 'i' when next is 'e' or 'o':
                    builder.Append('e');
                    i++;
                    continue;

                // Belarusian я after a consonant where Russian writes е: Пятрова/Петрова, Лясная/Лесная, Сяргей/Сергей.
                case 'i' when next == 'a' && builder.Length > 0 && char.IsAsciiLetter(builder[^1]) && !IsVowel(builder[^1]):
                    builder.Append('e');
                    i++;
                    continue;
                case 'x':
                    builder.Append("ks");
                    continue;
                case 'w':
                    builder.Append('v');
                    continue;
                case 'q':
                    builder.Append('k');
                    continue;
                case 'h':
                    var previous = builder.Length > 0 ? builder[^1] : '\0';
                    builder.Append(previous is 'c' or 's' or 'z' ? 'h' : 'g');
                    continue;
                case 'j' or 'y':
                    builder.Append('i');
                    continue;
                case 'o':
                    builder.Append('a');
                    continue;

                // Belarusian writes а for an unstressed е after the hard ц, ч, ш, ж: Шаўчук/Шевчук, Зайцаў/Зайцев, Крычаў/Кричев.
                case 'e' when EndsWithHardSibilant(builder):
                    builder.Append('a');
                    continue;
                // ў: u after a or e and before a consonant or the end (Іваноў, Ivanou, Магілёў) reads as v.
                case 'u' when builder.Length > 0 && builder[^1] is 'a' or 'e' && !IsVowel(next):
                    builder.Append('v');
                    continue;
            }

            if (builder.Length > 0 && builder[^1] == c && char.IsLetter(c))
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
