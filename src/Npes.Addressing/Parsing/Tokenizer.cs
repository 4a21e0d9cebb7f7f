using System.Text;
using System.Text.RegularExpressions;

namespace Npes.Addressing.Parsing;

internal enum TokenKind
{
    /// <summary>Past the last token (the default of <see cref="Token"/>).</summary>
    End,
    Word,
    Number,
    Separator,
}

/// <summary>One piece of an address: a word, a house-like number ("5", "5А", "5/2", "65-12") or a comma-like separator.</summary>
internal readonly record struct Token(TokenKind Kind, string Text);

/// <summary>Splits address text into words, numbers and separators; glued forms like "5к2" or "кв7" come apart.</summary>
internal static partial class Tokenizer
{
    public static List<Token> Split(string text)
    {
        var tokens = new List<Token>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Text.Fold.IsMark(c))
            {
                continue;
            }

            var joiner = c is '-' or '/' or '‐' or '–' || Text.Fold.IsApostrophe(c);
            if (char.IsLetterOrDigit(c) || (joiner && current.Length > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])))
            {
                current.Append(c is '‐' or '–' ? '-' : c);
                continue;
            }

            Flush(current, tokens);
            if (c is ',' or ';' or '\n' or '\r')
            {
                tokens.Add(new Token(TokenKind.Separator, ","));
            }
        }

        Flush(current, tokens);
        return tokens;
    }

    private static void Flush(StringBuilder current, List<Token> tokens)
    {
        if (current.Length == 0)
        {
            return;
        }

        var raw = current.ToString();
        current.Clear();
        if (!Ordinal().IsMatch(raw) && HouseNumber().IsMatch(raw))
        {
            tokens.Add(new Token(TokenKind.Number, raw));
            return;
        }

        if (Ordinal().IsMatch(raw) || !raw.Any(char.IsDigit) || !raw.Any(char.IsLetter))
        {
            tokens.Add(new Token(raw.All(c => char.IsDigit(c) || c is '-' or '/') && raw.Any(char.IsDigit) ? TokenKind.Number : TokenKind.Word, raw));
            return;
        }

        // Letters and digits glued together: "5к2", "кв7", "д.5" become separate tokens.
        foreach (Match part in GluedPart().Matches(raw))
        {
            var value = part.Value.Trim('-', '/');
            if (value.Length > 0)
            {
                tokens.Add(new Token(HouseNumber().IsMatch(value) ? TokenKind.Number : TokenKind.Word, value));
            }
        }
    }

    /// <summary>5, 5А, 5-а, 5/2, 5/2А, 65-12, 5А-12, 62-2-15 (a house, maybe with its корпус and apartment).</summary>
    [GeneratedRegex(@"^\d{1,6}(-?\p{L})?(/\d{1,4}\p{L}?)?(-\d{1,5}){0,2}$")]
    internal static partial Regex HouseNumber();

    /// <summary>1-й, 2-я, 3-ий, 1st …: part of a street name, not a number.</summary>
    [GeneratedRegex(@"^\d{1,3}-(й|я|е|ый|ий|ой|ая|ое|ья|ы|і|i|ia|ja|ya|y|iy|yy|ij|yj|yi|aya|aja|oe|oye|e)$|^\d{1,3}(st|nd|rd|th)$", RegexOptions.IgnoreCase)]
    internal static partial Regex Ordinal();

    [GeneratedRegex(@"\d+(/\d+)?(-\d+){0,2}|[\p{L}'’ʼ-]+")]
    private static partial Regex GluedPart();
}
