using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Npes.Testing;

/// <summary>Office files made in the test: OOXML packages part by part, and OLE compound files sector by sector.</summary>
public static class TestOffice
{
    public const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    public const string WordMacroMain = "application/vnd.ms-word.document.macroEnabled.main+xml";
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string SheetMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

    public static byte[] Docx(string text, string mainType = WordMain, string extraBody = "", string documentRels = "", params (string Path, byte[] Content)[] extraParts)
    {
        var parts = new List<(string, byte[])>
        {
            ("[Content_Types].xml", Utf8($"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                {(mainType == WordMacroMain ? "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/>" : string.Empty)}
                <Override PartName="/word/document.xml" ContentType="{mainType}"/>
                </Types>
                """)),
            ("_rels/.rels", Utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
                </Relationships>
                """)),
            ("word/document.xml", Utf8($"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>{extraBody}</w:body>
                </w:document>
                """)),
        };
        if (documentRels.Length > 0)
        {
            parts.Add(("word/_rels/document.xml.rels", Utf8($"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{documentRels}</Relationships>
                """)));
        }

        parts.AddRange(extraParts);
        return Zip(parts);
    }

    public static byte[] Xlsx(params string[] cells)
    {
        // one value per row, so no text is clipped by a neighbouring cell
        var rows = string.Concat(cells.Select((c, i) => $"""<row r="{i + 1}"><c r="A{i + 1}" t="inlineStr"><is><t>{c}</t></is></c></row>"""));
        return Zip(
        [
            ("[Content_Types].xml", Utf8($"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="{SheetMain}"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                </Types>
                """)),
            ("_rels/.rels", Utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """)),
            ("xl/workbook.xml", Utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets>
                </workbook>
                """)),
            ("xl/_rels/workbook.xml.rels", Utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                </Relationships>
                """)),
            ("xl/worksheets/sheet1.xml", Utf8($"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>
                """)),
        ]);
    }

    /// <summary>
    /// An .xlsx encrypted the way Office does it: an OLE compound file holding EncryptionInfo (agile, version 4.4, XML
    /// descriptor) and EncryptedPackage (the package's length, then the package under AES-256-CBC in 4096-byte segments).
    /// The key is random and its password fields are random: no password opens it, which does not matter here.
    /// </summary>
    public static byte[] EncryptedXlsx()
    {
        var package = Xlsx("секрет");
        var key = RandomNumberGenerator.GetBytes(32);
        var salt = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = key;
        var encrypted = new MemoryStream();
        encrypted.Write(BitConverter.GetBytes((long)package.Length));
        for (var segment = 0; segment * 4096 < package.Length; segment++)
        {
            var chunk = package.AsSpan(segment * 4096, Math.Min(4096, package.Length - (segment * 4096))).ToArray();
            var padded = new byte[(chunk.Length + 15) / 16 * 16];
            chunk.CopyTo(padded, 0);
            var iv = SHA512.HashData([.. salt, .. BitConverter.GetBytes(segment)])[..16];
            encrypted.Write(aes.EncryptCbc(padded, iv, PaddingMode.None));
        }

        var descriptor = Utf8($"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">
            <keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="{Convert.ToBase64String(salt)}"/>
            <dataIntegrity encryptedHmacKey="{Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))}" encryptedHmacValue="{Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))}"/>
            <keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">
            <p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"
              saltValue="{Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}" encryptedVerifierHashInput="{Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}"
              encryptedVerifierHashValue="{Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))}" encryptedKeyValue="{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}"/>
            </keyEncryptor></keyEncryptors></encryption>
            """);
        byte[] info = [4, 0, 4, 0, 0x40, 0, 0, 0, .. descriptor];
        return CompoundFile(("EncryptionInfo", info), ("EncryptedPackage", encrypted.ToArray()));
    }

    /// <summary>
    /// An OLE compound file (MS-CFB version 3, 512-byte sectors) with the given streams in its root storage, every
    /// stream in regular sectors (the mini stream cutoff is set to 0, which readers honour).
    /// </summary>
    public static byte[] CompoundFile(params (string Name, byte[] Content)[] streams)
    {
        const int Sector = 512;
        var sectors = new List<byte[]>();
        var fat = new List<uint>();
        var starts = new List<uint>();

        uint AddChain(byte[] content)
        {
            var start = (uint)sectors.Count;
            var count = Math.Max(1, (content.Length + Sector - 1) / Sector);
            for (var i = 0; i < count; i++)
            {
                var sector = new byte[Sector];
                content.AsSpan(i * Sector, Math.Min(Sector, Math.Max(0, content.Length - (i * Sector)))).CopyTo(sector);
                sectors.Add(sector);
                fat.Add(i == count - 1 ? 0xFFFFFFFE : (uint)sectors.Count);
            }

            return start;
        }

        foreach (var (_, content) in streams)
        {
            starts.Add(AddChain(content));
        }

        // directory: root + one entry per stream, the streams as a right-leaning chain of siblings
        var directory = new byte[(streams.Length + 1 + 3) / 4 * 4 * 128];
        void Entry(int index, string name, byte type, uint child, uint right, uint start, long size)
        {
            var entry = directory.AsSpan(index * 128, 128);
            var nameBytes = Encoding.Unicode.GetBytes(name);
            nameBytes.CopyTo(entry);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[64..], (ushort)(nameBytes.Length + 2));
            entry[66] = type;
            entry[67] = 1; // black
            BinaryPrimitives.WriteUInt32LittleEndian(entry[68..], 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[72..], right);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[76..], child);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[116..], start);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[120..], (uint)size);
        }

        Entry(0, "Root Entry", 5, streams.Length > 0 ? 1u : 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE, 0);
        for (var i = 0; i < streams.Length; i++)
        {
            Entry(i + 1, streams[i].Name, 2, 0xFFFFFFFF, i + 1 < streams.Length ? (uint)(i + 2) : 0xFFFFFFFF, starts[i], streams[i].Content.Length);
        }

        var directoryStart = AddChain(directory);
        var fatSectors = 1;
        while ((fat.Count + fatSectors) > fatSectors * (Sector / 4))
        {
            fatSectors++;
        }

        var fatStart = (uint)sectors.Count;
        for (var i = 0; i < fatSectors; i++)
        {
            fat.Add(0xFFFFFFFD);
        }

        var fatBytes = new byte[fatSectors * Sector];
        for (var i = 0; i < fatBytes.Length / 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fatBytes.AsSpan(i * 4), i < fat.Count ? fat[i] : 0xFFFFFFFF);
        }

        for (var i = 0; i < fatSectors; i++)
        {
            sectors.Add(fatBytes[(i * Sector)..((i + 1) * Sector)]);
        }

        var header = new byte[Sector];
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(24), 0x003E);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(30), 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(44), (uint)fatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(48), directoryStart);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(56), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(60), 0xFFFFFFFE);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(68), 0xFFFFFFFE);
        for (var i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(76 + (4 * i)), i < fatSectors ? fatStart + (uint)i : 0xFFFFFFFF);
        }

        return [.. header, .. sectors.SelectMany(s => s)];
    }

    /// <summary>A grey PNG of <paramref name="width"/> × <paramref name="height"/> pixels at 1 bit per pixel, all black: tiny on disk, huge decoded.</summary>
    public static byte[] Png(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 1; // bit depth
        ihdr[9] = 0; // greyscale
        Chunk(output, "IHDR", ihdr);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + ((width + 7) / 8)];
            for (var y = 0; y < height; y++)
            {
                z.Write(row);
            }
        }

        Chunk(output, "IDAT", raw.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();

        static void Chunk(Stream output, string type, byte[] data)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            output.Write(length);
            var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            output.Write(typed);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
            output.Write(crc);
        }
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309).</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    public static byte[] Zip(IEnumerable<(string Path, byte[] Content)> parts)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in parts)
            {
                using var stream = zip.CreateEntry(path).Open();
                stream.Write(content);
            }
        }

        return output.ToArray();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
