using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Npes.Documents.Protocol;

/// <summary>A frame that breaks the protocol: too large, truncated or malformed. The connection is not usable after it.</summary>
internal sealed class ProtocolException(string message, bool tooLarge = false) : Exception(message)
{
    /// <summary>The frame announced more bytes than the receiver's limit.</summary>
    public bool TooLarge { get; } = tooLarge;
}

/// <summary>
/// One message between NPES and a document worker, over the worker's standard input (requests) and standard output
/// (replies). On the wire: u32 length of the rest (big-endian), u8 protocol version, u8 type length, the type (ASCII),
/// u32 header length, the header (UTF-8 JSON of the type's record), u16 blob count, then each blob as u32 length and
/// its bytes. Every length is checked against the receiver's limit before anything is allocated.
/// </summary>
internal sealed record Frame(string Type, byte[] Header, IReadOnlyList<byte[]> Blobs)
{
    public const byte Version = 1;
    public const int MaxHeaderBytes = 256 * 1024;
    public const int MaxBlobs = 20_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { MaxDepth = 16 };

    public static Frame Create<T>(string type, T header, params byte[][] blobs) =>
        new(type, JsonSerializer.SerializeToUtf8Bytes(header, Json), blobs);

    /// <summary>The header as <typeparamref name="T"/>; a header that does not fit is a protocol violation.</summary>
    public T Read<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Header, Json) ?? throw new ProtocolException($"The {Type} frame has an empty header.");
        }
        catch (JsonException e)
        {
            throw new ProtocolException($"The {Type} frame's header is malformed: {e.Message}");
        }
    }

    public long WireLength => 4 + 1 + 1 + Type.Length + 4 + Header.Length + 2 + Blobs.Sum(b => 4L + b.Length);

    /// <summary>Reads one frame; null when the stream ends before its first byte (the other side closed).</summary>
    public static Frame? Read(Stream stream, long maxBytes)
    {
        Span<byte> prefix = stackalloc byte[4];
        var got = ReadAtMost(stream, prefix);
        if (got == 0)
        {
            return null;
        }

        if (got < 4)
        {
            throw new ProtocolException("The stream ended inside a frame's length.");
        }

        var body = new byte[CheckLength(BinaryPrimitives.ReadUInt32BigEndian(prefix), maxBytes)];
        if (ReadAtMost(stream, body) < body.Length)
        {
            throw new ProtocolException("The stream ended inside a frame.");
        }

        return Parse(body);
    }

    /// <inheritdoc cref="Read(Stream, long)"/>
    public static async Task<Frame?> ReadAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        var got = await stream.ReadAtLeastAsync(prefix, 4, throwOnEndOfStream: false, cancellationToken);
        if (got == 0)
        {
            return null;
        }

        if (got < 4)
        {
            throw new ProtocolException("The stream ended inside a frame's length.");
        }

        var body = new byte[CheckLength(BinaryPrimitives.ReadUInt32BigEndian(prefix), maxBytes)];
        if (await stream.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellationToken) < body.Length)
        {
            throw new ProtocolException("The stream ended inside a frame.");
        }

        return Parse(body);
    }

    public void Write(Stream stream)
    {
        stream.Write(Prefix());
        Span<byte> length = stackalloc byte[4];
        foreach (var blob in Blobs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)blob.Length);
            stream.Write(length);
            stream.Write(blob);
        }

        stream.Flush();
    }

    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Prefix(), cancellationToken);
        var length = new byte[4];
        foreach (var blob in Blobs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)blob.Length);
            await stream.WriteAsync(length, cancellationToken);
            await stream.WriteAsync(blob, cancellationToken);
        }

        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Everything up to the first blob: length, version, type, header, blob count.</summary>
    private byte[] Prefix()
    {
        var total = WireLength - 4;
        if (total > uint.MaxValue || Blobs.Count > MaxBlobs || Header.Length > MaxHeaderBytes || Type.Length is 0 or > 64)
        {
            throw new ProtocolException($"The {Type} frame exceeds the protocol's limits.");
        }

        var prefix = new byte[4 + 1 + 1 + Type.Length + 4 + Header.Length + 2];
        var span = prefix.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)total);
        span[4] = Version;
        span[5] = (byte)Type.Length;
        Encoding.ASCII.GetBytes(Type, span[6..]);
        var at = 6 + Type.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)Header.Length);
        Header.CopyTo(span[(at + 4)..]);
        at += 4 + Header.Length;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)Blobs.Count);
        return prefix;
    }

    private static int CheckLength(uint length, long maxBytes)
    {
        if (length < 8 || length > maxBytes || length > Array.MaxLength)
        {
            throw new ProtocolException($"A frame of {length} bytes exceeds the limit of {maxBytes} bytes.", tooLarge: length >= 8);
        }

        return (int)length;
    }

    private static Frame Parse(byte[] body)
    {
        var span = body.AsSpan();
        if (span[0] != Version)
        {
            throw new ProtocolException($"The frame speaks protocol version {span[0]}; this side speaks {Version}.");
        }

        int typeLength = span[1];
        var at = 2 + typeLength;
        if (typeLength == 0 || at + 4 > span.Length)
        {
            throw new ProtocolException("The frame's type is malformed.");
        }

        var type = Encoding.ASCII.GetString(span[2..at]);
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(span[at..]);
        at += 4;
        if (headerLength > MaxHeaderBytes || at + (long)headerLength + 2 > span.Length)
        {
            throw new ProtocolException($"The {type} frame's header is malformed.");
        }

        var header = span.Slice(at, (int)headerLength).ToArray();
        at += (int)headerLength;
        int count = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
        at += 2;
        if (count > MaxBlobs)
        {
            throw new ProtocolException($"The {type} frame has too many blobs.");
        }

        var blobs = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            if (at + 4 > span.Length)
            {
                throw new ProtocolException($"The {type} frame's blob {i} is malformed.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(span[at..]);
            at += 4;
            if (at + (long)length > span.Length)
            {
                throw new ProtocolException($"The {type} frame's blob {i} runs past the frame.");
            }

            blobs[i] = span.Slice(at, (int)length).ToArray();
            at += (int)length;
        }

        if (at != span.Length)
        {
            throw new ProtocolException($"The {type} frame has bytes after its last blob.");
        }

        return new Frame(type, header, blobs);
    }

    private static int ReadAtMost(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
