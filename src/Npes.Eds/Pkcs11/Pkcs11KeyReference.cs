using System.Globalization;
using System.Text;

namespace Npes.Eds.Pkcs11;

/// <summary>
/// Where a key on a PKCS#11 token is: the vendor's module, the token (by label, serial number, or both) and the key
/// (by label, CKA_ID, both, or neither when the token holds exactly one key with a certificate). It names things only:
/// no PIN, no key material — safe to save in a profile.
/// </summary>
/// <param name="Module">Path of the PKCS#11 module (e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>), or a library name the system loader finds.</param>
/// <param name="TokenLabel">The token's label (CKA_LABEL of the token, at most 32 bytes of UTF-8).</param>
/// <param name="TokenSerial">The token's serial number (at most 16 characters).</param>
/// <param name="KeyLabel">The private key's CKA_LABEL.</param>
/// <param name="KeyId">The private key's CKA_ID in hex (1 to 64 bytes).</param>
public sealed record Pkcs11KeyReference(string Module, string? TokenLabel, string? TokenSerial = null, string? KeyLabel = null, string? KeyId = null)
{
    public const int MaxModuleLength = 4096;
    public const int MaxTokenLabelBytes = 32;
    public const int MaxTokenSerialLength = 16;
    public const int MaxKeyLabelLength = 256;
    public const int MaxKeyIdBytes = 64;

    /// <summary>Throws <see cref="ArgumentException"/> saying precisely which part cannot name a token or key.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Module) || Module.Length > MaxModuleLength || Module.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The PKCS#11 module must be a path or library name of 1 to {MaxModuleLength} characters.", nameof(Module));
        }

        if (TokenLabel is null && TokenSerial is null)
        {
            throw new ArgumentException("Name the token by its label, its serial number, or both.", nameof(TokenLabel));
        }

        if (TokenLabel is not null && (TokenLabel.Trim().Length == 0 || Encoding.UTF8.GetByteCount(TokenLabel) > MaxTokenLabelBytes))
        {
            throw new ArgumentException($"A token label has 1 to {MaxTokenLabelBytes} bytes of UTF-8 and is not blank.", nameof(TokenLabel));
        }

        if (TokenSerial is not null && (TokenSerial.Trim().Length == 0 || TokenSerial.Length > MaxTokenSerialLength))
        {
            throw new ArgumentException($"A token serial number has 1 to {MaxTokenSerialLength} characters.", nameof(TokenSerial));
        }

        if (KeyLabel is not null && (KeyLabel.Length == 0 || KeyLabel.Length > MaxKeyLabelLength))
        {
            throw new ArgumentException($"A key label has 1 to {MaxKeyLabelLength} characters.", nameof(KeyLabel));
        }

        if (KeyId is not null && ParseKeyId(KeyId) is null)
        {
            throw new ArgumentException($"A key id is 1 to {MaxKeyIdBytes} bytes in hex (e.g. 01 or a1b2c3).", nameof(KeyId));
        }
    }

    /// <summary>How the token is named in messages: <c>'npes-citizen'</c>, <c>serial 0123abcd</c> or both.</summary>
    public string TokenDescription => (TokenLabel, TokenSerial) switch
    {
        ({ } label, null) => $"'{label}'",
        (null, { } serial) => "serial " + serial,
        ({ } label, { } serial) => $"'{label}' (serial {serial})",
        _ => "(unnamed)",
    };

    /// <summary>How the key is named in messages.</summary>
    public string KeyDescription => (KeyLabel, KeyId) switch
    {
        ({ } label, null) => $"'{label}'",
        (null, { } id) => "id " + id.ToLowerInvariant(),
        ({ } label, { } id) => $"'{label}' (id {id.ToLowerInvariant()})",
        _ => "(the only key with a certificate)",
    };

    /// <summary>The key id's bytes; null when <paramref name="hex"/> is not 1 to <see cref="MaxKeyIdBytes"/> bytes in hex.</summary>
    internal static byte[]? ParseKeyId(string hex)
    {
        if (hex.Length is 0 || hex.Length % 2 != 0 || hex.Length > MaxKeyIdBytes * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return Convert.FromHexString(hex);
    }

    internal static string FormatKeyId(ReadOnlySpan<byte> id) => id.IsEmpty ? "(none)" : Convert.ToHexStringLower(id);

    internal static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
