using System.Globalization;

namespace Npes.Eds.Pkcs11;

/// <summary>What a vendor mechanism is given to sign: the data (the mechanism hashes it) or its digest computed here.</summary>
public enum Pkcs11MechanismInput
{
    /// <summary>The mechanism hashes the data itself (e.g. bign-with-hbelt, GOST R 34.10-2012 with Streebog).</summary>
    Data = 0,

    /// <summary>The mechanism signs a digest computed here (belt-hash for bign, Streebog-256/512 for GOST).</summary>
    Digest = 1,
}

/// <summary>
/// A vendor's PKCS#11 mechanism for an algorithm the standard has no mechanism for (bign) or that vendors number
/// themselves (GOST R 34.10-2012): the number from the vendor's <c>pkcs11.h</c> extension, and what it signs.
/// </summary>
public sealed class Pkcs11VendorMechanism
{
    /// <summary>The mechanism number, hex (<c>0x80000045</c>) or decimal, as configuration text.</summary>
    public string Mechanism { get; set; } = string.Empty;

    public Pkcs11MechanismInput Input { get; set; } = Pkcs11MechanismInput.Data;

    /// <summary>The mechanism number; throws <see cref="ArgumentException"/> when <see cref="Mechanism"/> is not one.</summary>
    public ulong Number()
    {
        var text = Mechanism.Trim();
        var parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : 0
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : 0;
        return parsed != 0
            ? parsed
            : throw new ArgumentException($"'{Mechanism}' is not a PKCS#11 mechanism number (hex 0x80000045 or decimal).", nameof(Mechanism));
    }
}

/// <summary>
/// Configuration section <c>Npes:Eds:Pkcs11</c>: the vendor mechanisms of algorithms without a standard PKCS#11
/// mechanism, and how long to wait for a token another signing operation holds. ECDSA and RSA need nothing here.
/// </summary>
public sealed class Pkcs11Options
{
    public const string Section = "Npes:Eds:Pkcs11";

    /// <summary>Names of the algorithms in <see cref="ParseMechanisms"/>.</summary>
    public const string BignName = "bign";
    public const string Gost256Name = "gost-256";
    public const string Gost512Name = "gost-512";

    /// <summary>Most characters of a mechanism list given to <see cref="ParseMechanisms"/>.</summary>
    public const int MaxMechanismListLength = 1024;

    /// <summary>The mechanism for bign (STB 34.101.45) keys: bign-with-hbelt over the data, or bign over a belt-hash digest.</summary>
    public Pkcs11VendorMechanism? Bign { get; set; }

    /// <summary>The mechanism for 256-bit GOST R 34.10-2012 keys (Streebog-256).</summary>
    public Pkcs11VendorMechanism? Gost256 { get; set; }

    /// <summary>The mechanism for 512-bit GOST R 34.10-2012 keys (Streebog-512).</summary>
    public Pkcs11VendorMechanism? Gost512 { get; set; }

    /// <summary>How long opening a key waits for a token another signing operation of this process holds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Options from a mechanism list such as <c>bign=0x80000045,gost-256=0xd4321008:digest</c> (the CLI's
    /// <c>NPES_PKCS11_MECHANISMS</c>): <c>ALGORITHM=NUMBER[:data|:digest]</c>, comma-separated, algorithms
    /// <c>bign</c>, <c>gost-256</c>, <c>gost-512</c>; the input is <c>data</c> unless said. Throws
    /// <see cref="ArgumentException"/> naming the first entry that is wrong.
    /// </summary>
    public static Pkcs11Options ParseMechanisms(string? list)
    {
        var options = new Pkcs11Options();
        if (string.IsNullOrWhiteSpace(list))
        {
            return options;
        }

        if (list.Length > MaxMechanismListLength)
        {
            throw new ArgumentException($"A mechanism list has at most {MaxMechanismListLength} characters.", nameof(list));
        }

        foreach (var entry in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"'{entry}' is not ALGORITHM=NUMBER[:data|:digest].", nameof(list));
            }

            var name = entry[..equals].Trim().ToLowerInvariant();
            var value = entry[(equals + 1)..].Split(':', 2, StringSplitOptions.TrimEntries);
            var mechanism = new Pkcs11VendorMechanism
            {
                Mechanism = value[0],
                Input = value.Length == 1 ? Pkcs11MechanismInput.Data : value[1].ToLowerInvariant() switch
                {
                    "data" => Pkcs11MechanismInput.Data,
                    "digest" => Pkcs11MechanismInput.Digest,
                    _ => throw new ArgumentException($"'{entry}': the input is 'data' or 'digest', not '{value[1]}'.", nameof(list)),
                },
            };
            _ = mechanism.Number(); // refuses a malformed number now, not at the first signature
            switch (name)
            {
                case BignName:
                    options.Bign = mechanism;
                    break;
                case Gost256Name:
                    options.Gost256 = mechanism;
                    break;
                case Gost512Name:
                    options.Gost512 = mechanism;
                    break;
                default:
                    throw new ArgumentException($"'{entry}': the algorithm is {BignName}, {Gost256Name} or {Gost512Name}, not '{name}'.", nameof(list));
            }
        }

        return options;
    }
}
