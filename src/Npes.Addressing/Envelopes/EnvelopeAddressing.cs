using System.Text.RegularExpressions;
using Npes.Addressing.Model;
using Npes.Addressing.Parsing;
using Npes.Core.Addressing;
using Npes.Core.Print;

namespace Npes.Addressing.Envelopes;

/// <summary>
/// Lays an address out for the envelope window the way Belarusian post expects it: the recipient, then street and
/// house, settlement, district, region, and the postcode last. An address the parser cannot read whole, or that has
/// parts it sets aside or reads two ways, keeps the sender's wording, split at its commas, so paper never carries a
/// guess and loses nothing the sender wrote.
/// </summary>
public sealed partial class EnvelopeAddressing(AddressParser parser) : IEnvelopeAddressing
{
    /// <summary>Lines longer than this are wrapped at spaces; the window holds about this many characters.</summary>
    public const int MaxLineLength = 44;

    public EnvelopeAddress Layout(RecipientQuery recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var parsed = parser.Parse(recipient.Address);
        // The sender's wording stays when a part was not understood, set aside (подъезд 2) or readable two ways (62-2-15).
        var lines = parsed is { Succeeded: true, Address: { } address, Unrecognised.Count: 0, Ignored.Count: 0, Alternatives.Count: 0 }
            ? Structured(address)
            : Verbatim(recipient.Address);
        var postcode = parsed.Address?.Postcode ?? Postcode().Match(recipient.Address).Value;
        return new EnvelopeAddress(recipient.Name.Trim(), lines.SelectMany(Wrap).ToList(), string.IsNullOrEmpty(postcode) ? null : postcode);
    }

    private static List<string> Structured(PostalAddress a)
    {
        var lines = new List<string>();
        var street = new List<string>();
        if (a.Street is not null)
        {
            street.Add(a.StreetType switch
            {
                StreetType.Tract => a.Street + " тракт",
                StreetType.Highway => a.Street + " шоссе",
                _ => AddressFormatter.Abbreviation(a.StreetType) + a.Street,
            });
        }

        if (a.House is not null)
        {
            street.Add("д. " + a.House);
        }

        if (a.Building is not null)
        {
            street.Add("корп. " + a.Building);
        }

        if (a.Unit is not null)
        {
            street.Add(AddressFormatter.Abbreviation(a.UnitType) + a.Unit);
        }

        if (street.Count > 0)
        {
            lines.Add(string.Join(", ", street));
        }

        if (a.Settlement is not null)
        {
            lines.Add(AddressFormatter.Abbreviation(a.SettlementType) + a.Settlement);
        }

        var area = new List<string>();
        if (a.Selsovet is not null)
        {
            area.Add(a.Selsovet + " с/с");
        }

        if (a.District is not null)
        {
            area.Add(a.District + " р-н");
        }

        if (area.Count > 0)
        {
            lines.Add(string.Join(", ", area));
        }

        if (a.Region is not null)
        {
            lines.Add(a.Region + " обл.");
        }

        if (a.Postcode is not null)
        {
            lines.Add(a.Postcode);
        }

        return lines;
    }

    private static List<string> Verbatim(string address)
    {
        var parts = address.Split([',', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var postcode = parts.FirstOrDefault(p => Postcode().IsMatch(p) && p.Length == 6);
        var lines = new List<string>();
        var current = string.Empty;
        foreach (var part in parts.Where(p => !ReferenceEquals(p, postcode)))
        {
            var joined = current.Length == 0 ? part : current + ", " + part;
            if (joined.Length <= MaxLineLength)
            {
                current = joined;
            }
            else
            {
                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = part;
            }
        }

        if (current.Length > 0)
        {
            lines.Add(current);
        }

        if (postcode is not null)
        {
            lines.Add(postcode);
        }

        return lines;
    }

    private static IEnumerable<string> Wrap(string line)
    {
        while (line.Length > MaxLineLength)
        {
            var cut = line.LastIndexOf(' ', MaxLineLength);
            if (cut <= 0)
            {
                cut = MaxLineLength;
            }

            yield return line[..cut].TrimEnd();
            line = line[cut..].TrimStart();
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }

    [GeneratedRegex(@"\b2\d{5}\b")]
    private static partial Regex Postcode();
}
