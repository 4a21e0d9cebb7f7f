using System.Globalization;
using System.Text;
using Npes.Core.Errors;

namespace Npes.Core.Mailboxes;

/// <summary>
/// A postal address as free text plus a normalised form used for matching until the structured address
/// model exists: Unicode NFKC, lower case, ё→е, punctuation as spaces, single spaces.
/// </summary>
public sealed record PostalAddressText
{
    public const int MaxLength = 500;

    private PostalAddressText(string text, string normalized)
    {
        Text = text;
        Normalized = normalized;
    }

    /// <summary>The address as entered (trimmed).</summary>
    public string Text { get; }

    public string Normalized { get; }

    /// <summary>Validates and normalises; refuses empty, over-long or control-character text.</summary>
    public static PostalAddressText Parse(string? text)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new NpesException(NpesErrors.AddressInvalid, "A postal address must not be empty.");
        }

        if (trimmed.Length > MaxLength)
        {
            throw new NpesException(NpesErrors.AddressInvalid, $"A postal address must be at most {MaxLength} characters.");
        }

        if (trimmed.Any(c => char.IsControl(c) && c != '\n' && c != '\r' && c != '\t'))
        {
            throw new NpesException(NpesErrors.AddressInvalid, "A postal address must not contain control characters.");
        }

        var normalized = Normalize(trimmed);
        if (normalized.Length == 0)
        {
            throw new NpesException(NpesErrors.AddressInvalid, "A postal address must contain letters or digits.");
        }

        return new PostalAddressText(trimmed, normalized);
    }

    /// <summary>Folds text for comparison: NFKC, lower case, ё→е, punctuation as single spaces.</summary>
    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        var builder = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            var mapped = c switch
            {
                'ё' => 'е',
                _ => c,
            };
            if (char.IsLetterOrDigit(mapped))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(mapped);
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }
}
