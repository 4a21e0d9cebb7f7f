using System.Buffers.Binary;
using System.Text;

namespace Npes.DocumentWorker.Office;

/// <summary>
/// A bounded reader of the OLE compound file format (MS-CFB), enough to see what a .doc, an .xls or an encrypted
/// OOXML file holds: every directory entry's name and type, and the first bytes of a stream. Sector chains are
/// followed with a visited set (no loops) and every count is capped; a malformed file throws <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class CompoundFile
{
    public static ReadOnlySpan<byte> Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FreeSector = 0xFFFFFFFF;
    private const int MaxEntries = 65_536;

    private readonly byte[] _file;
    private readonly int _sectorSize;
    private readonly uint[] _fat;
    private readonly uint[] _miniFat;
    private readonly List<Entry> _entries = [];
    private readonly uint _miniCutoff;

    /// <summary>One directory entry: 1 storage, 2 stream, 5 root.</summary>
    public sealed record Entry(string Name, int Type, uint Start, long Size);

    public CompoundFile(byte[] file)
    {
        _file = file;
        if (file.Length < 512 || !file.AsSpan().StartsWith(Signature))
        {
            throw new InvalidDataException("Not a compound file.");
        }

        var header = file.AsSpan(0, 512);
        var shift = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
        if (shift is not (9 or 12))
        {
            throw new InvalidDataException("Unsupported sector size.");
        }

        _sectorSize = 1 << shift;
        var fatSectors = BinaryPrimitives.ReadUInt32LittleEndian(header[44..]);
        var firstDirectory = BinaryPrimitives.ReadUInt32LittleEndian(header[48..]);
        _miniCutoff = BinaryPrimitives.ReadUInt32LittleEndian(header[56..]);
        var firstMiniFat = BinaryPrimitives.ReadUInt32LittleEndian(header[60..]);
        var firstDifat = BinaryPrimitives.ReadUInt32LittleEndian(header[68..]);
        var maxSectors = (file.Length / _sectorSize) + 1;
        if (fatSectors > maxSectors)
        {
            throw new InvalidDataException("Too many FAT sectors.");
        }

        // The FAT's sectors: 109 in the header, the rest in the DIFAT chain.
        var fatList = new List<uint>();
        for (var i = 0; i < 109 && fatList.Count < fatSectors; i++)
        {
            fatList.Add(BinaryPrimitives.ReadUInt32LittleEndian(header[(76 + (4 * i))..]));
        }

        var difat = firstDifat;
        var seen = new HashSet<uint>();
        while (fatList.Count < fatSectors && difat is not (EndOfChain or FreeSector))
        {
            if (!seen.Add(difat))
            {
                throw new InvalidDataException("The DIFAT loops.");
            }

            var sector = Sector(difat);
            var perSector = (_sectorSize / 4) - 1;
            for (var i = 0; i < perSector && fatList.Count < fatSectors; i++)
            {
                fatList.Add(BinaryPrimitives.ReadUInt32LittleEndian(sector[(4 * i)..]));
            }

            difat = BinaryPrimitives.ReadUInt32LittleEndian(sector[(perSector * 4)..]);
        }

        _fat = new uint[fatList.Count * (_sectorSize / 4)];
        for (var i = 0; i < fatList.Count; i++)
        {
            var sector = Sector(fatList[i]);
            for (var k = 0; k < _sectorSize / 4; k++)
            {
                _fat[(i * (_sectorSize / 4)) + k] = BinaryPrimitives.ReadUInt32LittleEndian(sector[(4 * k)..]);
            }
        }

        var directory = ReadChain(firstDirectory, _fat, _sectorSize, mini: false, long.MaxValue);
        for (var at = 0; at + 128 <= directory.Length && _entries.Count < MaxEntries; at += 128)
        {
            var raw = directory.AsSpan(at, 128);
            int type = raw[66];
            if (type is not (1 or 2 or 5))
            {
                continue;
            }

            var nameLength = Math.Clamp((int)BinaryPrimitives.ReadUInt16LittleEndian(raw[64..]), 0, 64);
            var name = Encoding.Unicode.GetString(raw[..Math.Max(0, nameLength - 2)]);
            var size = _sectorSize == 512 ? BinaryPrimitives.ReadUInt32LittleEndian(raw[120..]) : (long)BinaryPrimitives.ReadUInt64LittleEndian(raw[120..]);
            _entries.Add(new Entry(name, type, BinaryPrimitives.ReadUInt32LittleEndian(raw[116..]), size));
        }

        var root = _entries.FirstOrDefault(e => e.Type == 5) ?? throw new InvalidDataException("No root entry.");
        var miniFatBytes = firstMiniFat is EndOfChain or FreeSector ? [] : ReadChain(firstMiniFat, _fat, _sectorSize, mini: false, long.MaxValue);
        _miniFat = new uint[miniFatBytes.Length / 4];
        for (var i = 0; i < _miniFat.Length; i++)
        {
            _miniFat[i] = BinaryPrimitives.ReadUInt32LittleEndian(miniFatBytes.AsSpan(4 * i));
        }

        MiniStream = root.Start is EndOfChain or FreeSector ? [] : ReadChain(root.Start, _fat, _sectorSize, mini: false, Math.Min(root.Size, file.Length));
    }

    public IReadOnlyList<Entry> Entries => _entries;

    private byte[] MiniStream { get; }

    public bool Has(string name) => _entries.Any(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first <paramref name="maxBytes"/> bytes of the stream named <paramref name="name"/> (null when absent).</summary>
    public byte[]? Read(string name, int maxBytes)
    {
        var entry = _entries.FirstOrDefault(e => e.Type == 2 && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            return null;
        }

        var length = Math.Min(entry.Size, maxBytes);
        return entry.Size < _miniCutoff
            ? ReadChain(entry.Start, _miniFat, 64, mini: true, length)
            : ReadChain(entry.Start, _fat, _sectorSize, mini: false, length);
    }

    private ReadOnlySpan<byte> Sector(uint index)
    {
        var offset = (index + 1L) * _sectorSize;
        if (offset + _sectorSize > _file.Length)
        {
            throw new InvalidDataException("A sector lies past the end of the file.");
        }

        return _file.AsSpan((int)offset, _sectorSize);
    }

    private byte[] ReadChain(uint start, uint[] table, int size, bool mini, long maxBytes)
    {
        using var output = new MemoryStream();
        var seen = new HashSet<uint>();
        var sector = start;
        while (sector is not (EndOfChain or FreeSector) && output.Length < maxBytes)
        {
            if (!seen.Add(sector) || sector >= table.Length)
            {
                throw new InvalidDataException("A sector chain loops or leaves the table.");
            }

            if (mini)
            {
                var offset = (long)sector * size;
                if (offset + size > MiniStream.Length)
                {
                    throw new InvalidDataException("A mini sector lies past the mini stream.");
                }

                output.Write(MiniStream, (int)offset, size);
            }
            else
            {
                output.Write(Sector(sector));
            }

            sector = table[sector];
        }

        var bytes = output.ToArray();
        return bytes.Length > maxBytes ? bytes[..(int)maxBytes] : bytes;
    }
}
