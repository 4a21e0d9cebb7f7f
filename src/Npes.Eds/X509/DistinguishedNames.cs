using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds.X509;

/// <summary>Reads attribute values from a distinguished name, decoding the ASN.1 string types (Cyrillic survives).</summary>
internal static class DistinguishedNames
{
    public const string CommonName = "2.5.4.3";
    public const string Surname = "2.5.4.4";
    public const string SerialNumber = "2.5.4.5";
    public const string Country = "2.5.4.6";
    public const string Organization = "2.5.4.10";
    public const string GivenName = "2.5.4.42";
    public const string OrganizationIdentifier = "2.5.4.97";

    /// <summary>Values of the attribute, most specific relative name first.</summary>
    public static IEnumerable<string> Values(X500DistinguishedName name, string oid)
    {
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements)
            {
                if (rdn.GetSingleElementType().Value == oid && rdn.GetSingleElementValue() is { } single)
                {
                    yield return single;
                }

                continue;
            }

            foreach (var (type, value) in ReadMultiValued(rdn.RawData))
            {
                if (type == oid)
                {
                    yield return value;
                }
            }
        }
    }

    /// <summary>The first non-blank value of the attribute, trimmed, or null.</summary>
    public static string? First(X500DistinguishedName name, string oid) =>
        Values(name, oid).Select(v => v.Trim()).FirstOrDefault(v => v.Length > 0);

    private static List<(string Type, string Value)> ReadMultiValued(ReadOnlyMemory<byte> rawData)
    {
        var result = new List<(string, string)>();
        try
        {
            var set = new AsnReader(rawData, AsnEncodingRules.DER).ReadSetOf();
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                var type = attribute.ReadObjectIdentifier();
                var tag = attribute.PeekTag();
                if (tag.TagClass == TagClass.Universal && IsDirectoryString((UniversalTagNumber)tag.TagValue))
                {
                    result.Add((type, attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue)));
                }
            }
        }
        catch (AsnContentException)
        {
            // The name was already parsed by X500DistinguishedName; an undecodable value is simply not a name.
        }

        return result;
    }

    private static bool IsDirectoryString(UniversalTagNumber tag) => tag is UniversalTagNumber.UTF8String
        or UniversalTagNumber.PrintableString or UniversalTagNumber.BMPString or UniversalTagNumber.IA5String
        or UniversalTagNumber.T61String or UniversalTagNumber.VisibleString or UniversalTagNumber.NumericString;
}
