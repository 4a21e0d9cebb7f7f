using System.Security.Cryptography;

namespace Npes.Eds.Stb;

/// <summary>
/// Key wrapping <c>belt-keywrap</c> (STB 34.101.31, <c>belt-kwp</c>): the key followed by a 16-byte header,
/// encrypted with belt-wblock. Unwrapping checks the header, so it authenticates the key as well.
/// </summary>
public static class BeltKeyWrap
{
    public const int HeaderSize = 16;

    /// <summary>Wraps <paramref name="key"/> (at least 16 bytes) with <paramref name="header"/> (16 bytes) under a 32-byte <paramref name="wrappingKey"/>.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, ReadOnlySpan<byte> wrappingKey)
    {
        if (key.Length < BeltWblock.MinimumSize - HeaderSize)
        {
            throw new ArgumentException($"belt-keywrap wraps keys of at least {BeltWblock.MinimumSize - HeaderSize} bytes; got {key.Length}.", nameof(key));
        }

        CheckHeaderAndKey(header, wrappingKey);
        var wrapped = new byte[key.Length + HeaderSize];
        key.CopyTo(wrapped);
        header.CopyTo(wrapped.AsSpan(key.Length));
        BeltWblock.Encrypt(wrapped, wrappingKey);
        return wrapped;
    }

    /// <summary>Unwraps a key and checks its header.</summary>
    /// <exception cref="CryptographicException">The header does not match: wrong key, wrong header or damaged data.</exception>
    public static byte[] Unwrap(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> header, ReadOnlySpan<byte> wrappingKey)
    {
        if (wrapped.Length < BeltWblock.MinimumSize)
        {
            throw new ArgumentException($"A belt-keywrap result is at least {BeltWblock.MinimumSize} bytes; got {wrapped.Length}.", nameof(wrapped));
        }

        CheckHeaderAndKey(header, wrappingKey);
        var buffer = wrapped.ToArray();
        BeltWblock.Decrypt(buffer, wrappingKey);
        var keyLength = buffer.Length - HeaderSize;
        if (!CryptographicOperations.FixedTimeEquals(buffer.AsSpan(keyLength), header))
        {
            CryptographicOperations.ZeroMemory(buffer);
            throw new CryptographicException("belt-keywrap: the header does not match (wrong key, wrong header or damaged data).");
        }

        var unwrapped = buffer.AsSpan(0, keyLength).ToArray();
        CryptographicOperations.ZeroMemory(buffer);
        return unwrapped;
    }

    private static void CheckHeaderAndKey(ReadOnlySpan<byte> header, ReadOnlySpan<byte> wrappingKey)
    {
        if (header.Length != HeaderSize)
        {
            throw new ArgumentException($"A belt-keywrap header is {HeaderSize} bytes; got {header.Length}.", nameof(header));
        }

        if (wrappingKey.Length != BeltBlock.KeySize)
        {
            throw new ArgumentException($"A belt key is {BeltBlock.KeySize} bytes; got {wrappingKey.Length}.", nameof(wrappingKey));
        }
    }
}
