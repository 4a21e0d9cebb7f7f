using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Npes.Storage.Documents;

/// <summary>A letter's content key, wrapped by a server master key.</summary>
/// <param name="KeyId">Which master key wrapped it (rotation: old ids stay configured until re-wrapped).</param>
/// <param name="Wrapped">nonce ‖ ciphertext ‖ tag of the 32-byte content key.</param>
public sealed record WrappedKey(string KeyId, byte[] Wrapped);

/// <summary>
/// Envelope encryption of documents at rest: each letter has its own random AES-256 key; each document is
/// AES-GCM encrypted with it, bound by associated data to its letter and position; the letter key is itself
/// AES-GCM wrapped by the active master key from configuration (<c>Npes:Storage:MasterKeys</c>).
/// </summary>
internal sealed class DocumentCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Lazy<(string ActiveId, IReadOnlyDictionary<string, byte[]> Keys)> _keys;

    public DocumentCipher(IOptions<StorageOptions> options, NpesDatabase database)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(database);
        _keys = new Lazy<(string, IReadOnlyDictionary<string, byte[]>)>(() => LoadKeys(options.Value, database));
    }

    /// <summary>Fails now, with the setting to fix, when no usable master key is configured.</summary>
    public void EnsureConfigured() => _ = _keys.Value;

    public (byte[] LetterKey, WrappedKey Wrapped) NewLetterKey(Guid letterId)
    {
        var (activeId, keys) = _keys.Value;
        var letterKey = RandomNumberGenerator.GetBytes(32);
        return (letterKey, new WrappedKey(activeId, Seal(keys[activeId], letterKey, Encoding.UTF8.GetBytes("npes-letter-key:" + letterId.ToString("D")))));
    }

    public byte[] UnwrapLetterKey(Guid letterId, WrappedKey wrapped)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        if (!_keys.Value.Keys.TryGetValue(wrapped.KeyId, out var master))
        {
            throw new InvalidOperationException($"Master key '{wrapped.KeyId}' is not configured (Npes:Storage:MasterKeys); it is needed to open letter {letterId}.");
        }

        return Open(master, wrapped.Wrapped, Encoding.UTF8.GetBytes("npes-letter-key:" + letterId.ToString("D")));
    }

    public static byte[] EncryptDocument(byte[] letterKey, Guid letterId, int position, byte[] plaintext) =>
        Seal(letterKey, plaintext, DocumentAad(letterId, position));

    public static byte[] DecryptDocument(byte[] letterKey, Guid letterId, int position, byte[] sealedDocument) =>
        Open(letterKey, sealedDocument, DocumentAad(letterId, position));

    private static byte[] DocumentAad(Guid letterId, int position) =>
        Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"npes-document:{letterId:D}:{position}"));

    private static byte[] Seal(byte[] key, byte[] plaintext, byte[] associatedData)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), associatedData);
        return output;
    }

    private static byte[] Open(byte[] key, byte[] sealedData, byte[] associatedData)
    {
        if (sealedData.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Sealed data is too short.");
        }

        var plaintext = new byte[sealedData.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedData.AsSpan(0, NonceSize), sealedData.AsSpan(NonceSize, plaintext.Length), sealedData.AsSpan(sealedData.Length - TagSize), plaintext, associatedData);
        return plaintext;
    }

    private static (string, IReadOnlyDictionary<string, byte[]>) LoadKeys(StorageOptions options, NpesDatabase database)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, text) in options.MasterKeys)
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(text);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"Npes:Storage:MasterKeys:{id} is not base64.", e);
            }

            if (key.Length != 32)
            {
                throw new InvalidOperationException($"Npes:Storage:MasterKeys:{id} must be 32 bytes (base64 of 256 random bits); it is {key.Length}.");
            }

            keys[id] = key;
        }

        if (keys.Count == 0 && database.IsPrivateCluster)
        {
            // Development only: a key of the private cluster's own, kept beside its data.
            _ = database.ConnectionString; // the cluster's folder exists once it has started
            keys["dev"] = DevelopmentKey(database.DataRoot!);
            return ("dev", keys);
        }

        var active = options.ActiveMasterKey ?? (keys.Count == 1 ? keys.Keys.Single() : null);
        if (active is null || !keys.ContainsKey(active))
        {
            throw new InvalidOperationException(keys.Count == 0
                ? "No document master key is configured: set Npes:Storage:MasterKeys:<id> to base64 of 32 random bytes (e.g. `openssl rand -base64 32`) and Npes:Storage:ActiveMasterKey to <id>."
                : "Npes:Storage:ActiveMasterKey must name one of Npes:Storage:MasterKeys.");
        }

        return (active, keys);
    }

    private static byte[] DevelopmentKey(string dataRoot)
    {
        var path = Path.Combine(dataRoot, "master.key");
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
