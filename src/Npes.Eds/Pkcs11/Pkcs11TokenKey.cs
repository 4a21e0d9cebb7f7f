using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Npes.Eds.X509;

namespace Npes.Eds.Pkcs11;

/// <summary>
/// A private key on a PKCS#11 token (a USB token, a smart card, an HSM) after the user entered its PIN: the one place
/// NPES signs with a token. <see cref="Open"/> loads the vendor's module, finds the token and logs in (the PIN is
/// copied into pinned memory for the module and wiped at once), finds the key and reads its certificate from the
/// token; <see cref="Sign(ReadOnlySpan{byte})"/> signs bytes on the token — the key never leaves it — and checks the
/// signature against the certificate before returning it. As an <see cref="IEdsProvider"/> it signs for its own
/// certificate only (so <see cref="Cms.SignerCms"/> and everything taking a provider use it unchanged), and as an
/// <see cref="IEdsDigestSigner"/> it lends .NET's SignedCms an ECDsa or RSA that signs on the token.
/// ECDSA and RSA use standard mechanisms; bign and GOST R 34.10-2012 the vendor mechanisms of
/// <see cref="Pkcs11Options"/>. <see cref="Dispose"/> logs out and lets the token and the module go. One key is open
/// per token at a time in a process (a PKCS#11 login belongs to the whole application); a second
/// <see cref="Open"/> of the same token waits for the first to be disposed, up to <see cref="Pkcs11Options.BusyTimeout"/>.
/// </summary>
public sealed class Pkcs11TokenKey : IEdsProvider, IEdsDigestSigner, IDisposable
{
    public const string ProviderId = "pkcs11";

    /// <summary>Longest PIN accepted (PKCS#11 tokens take far fewer characters).</summary>
    public const int MaxPinLength = 256;

    /// <summary>Most objects of one class looked at on a token.</summary>
    private const int MaxObjects = 256;

    private const int MaxCertificateBytes = 64 * 1024;
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    private readonly Lock _sync = new();
    private readonly Pkcs11Modules.ModuleLease _module;
    private readonly IDisposable _gate;
    private readonly ISession _session;
    private readonly IObjectHandle _key;
    private readonly TokenSignature _signature;
    private readonly IEdsProvider _verifier;
    private readonly string _token;
    private byte[]? _contextPin;
    private bool _disposed;

    private Pkcs11TokenKey(
        Pkcs11Modules.ModuleLease module,
        IDisposable gate,
        ISession session,
        TokenObject key,
        X509Certificate2 certificate,
        TokenSignature signature,
        IEdsProvider verifier,
        ITokenInfo info,
        byte[]? contextPin)
    {
        _module = module;
        _gate = gate;
        _session = session;
        _key = key.Handle;
        _signature = signature;
        _verifier = verifier;
        _contextPin = contextPin;
        Certificate = certificate;
        TokenLabel = info.Label;
        TokenSerial = info.SerialNumber;
        KeyLabel = key.Label;
        KeyId = Pkcs11KeyReference.FormatKeyId(key.Id);
        _token = $"'{info.Label}'";
    }

    public string Id => ProviderId;

    /// <summary>The key's certificate, read from the token.</summary>
    public X509Certificate2 Certificate { get; }

    public string TokenLabel { get; }

    public string TokenSerial { get; }

    public string KeyLabel { get; }

    /// <summary>The key's CKA_ID, lower-case hex.</summary>
    public string KeyId { get; }

    /// <summary>The algorithm and mechanism the key signs with, e.g. <c>ECDSA P-256 with SHA-256 (CKM_ECDSA)</c>.</summary>
    public string Mechanism => _signature.Description;

    /// <summary>
    /// Opens the key <paramref name="reference"/> names, logging in with <paramref name="pin"/> (copied for the module
    /// into pinned memory that is wiped once the module has it; a key that asks for the PIN before every signature,
    /// CKA_ALWAYS_AUTHENTICATE, keeps that copy until disposed). <paramref name="providers"/> verify the token's
    /// signatures with the certificate. Throws <see cref="EdsTokenException"/> saying what is wrong with the module,
    /// token, PIN, key, certificate or mechanism; <see cref="ArgumentException"/> for a reference or PIN no token takes.
    /// </summary>
    /// <param name="pin">The user PIN; empty on a token with a PIN pad (protected authentication path).</param>
    public static Pkcs11TokenKey Open(Pkcs11KeyReference reference, ReadOnlySpan<char> pin, IEdsProviderRegistry providers, Pkcs11Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        reference.Validate();
        ArgumentNullException.ThrowIfNull(providers);
        if (pin.Length > MaxPinLength)
        {
            throw new ArgumentException($"A PIN has at most {MaxPinLength} characters.", nameof(pin));
        }

        options ??= new Pkcs11Options();
        var token = reference.TokenDescription;
        var module = Pkcs11Modules.Acquire(reference.Module);
        IDisposable? gate = null;
        ISession? session = null;
        X509Certificate2? certificate = null;
        byte[]? contextPin = null;
        var ok = false;
        try
        {
            var (slot, info) = FindToken(module, reference);
            gate = module.EnterToken(slot.SlotId, token, options.BusyTimeout);
            info = slot.GetTokenInfo();
            session = slot.OpenSession(SessionType.ReadOnly);
            LogIn(slot, session, info, pin, token);

            var key = FindKey(session, reference, token);
            certificate = FindCertificate(session, key, token);
            var verifier = providers.Find(certificate)
                ?? throw new EdsTokenException(TokenFailure.MechanismUnsupported, $"No EDS provider of NPES handles the certificate on token {token} ('{certificate.Subject}').");
            var mechanisms = slot.GetMechanismList().Select(m => (ulong)m).ToHashSet();
            var signature = TokenSignature.Select(certificate, key.KeyType, mechanisms, options, token);
            if (key.AlwaysAuthenticate)
            {
                contextPin = PinBytes(pin);
            }

            var opened = new Pkcs11TokenKey(module, gate, session, key, certificate, signature, verifier, info, contextPin);
            ok = true;
            return opened;
        }
        catch (Pkcs11Exception e)
        {
            throw Pkcs11Errors.Map(e, token, $"opening key {reference.KeyDescription}");
        }
        finally
        {
            if (!ok)
            {
                CryptographicOperations.ZeroMemory(contextPin);
                certificate?.Dispose();
                Close(session);
                gate?.Dispose();
                module.Dispose();
            }
        }
    }

    /// <summary>
    /// Signs <paramref name="data"/> with the key on the token, in the encoding of the certificate's algorithm (ECDSA
    /// r ‖ s, RSA PKCS#1 v1.5, bign s0 ‖ s1, GOST s ‖ r), checked against the certificate. Throws
    /// <see cref="EdsTokenException"/> when the token fails (removed, device error, a signature that does not verify).
    /// </summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = _signature.Finish(SignOnToken(_signature.ForData(data)), _token);
        return _verifier.Verify(Certificate, data, signature) ? signature : throw DoesNotVerify();
    }

    public bool Supports(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span);
    }

    public byte[] Sign(X509Certificate2 signer, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return Supports(signer)
            ? Sign(data)
            : throw new EdsException($"The key on token {_token} belongs to '{Certificate.Subject}', not to '{signer.Subject}'.");
    }

    public bool Verify(X509Certificate2 signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return _verifier.Supports(signer)
            ? _verifier.Verify(signer, data, signature)
            : throw new EdsException($"Certificate '{signer.Subject}' is not of the algorithm of the key on token {_token}.");
    }

    public SignerIdentity Describe(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return CertificateIdentity.Describe(certificate, _verifier.Id);
    }

    public AsymmetricAlgorithm? OpenPrivateKey(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!Supports(certificate))
        {
            return null;
        }

        if (Certificate.GetECDsaPublicKey() is { } ecdsa)
        {
            return new TokenECDsa(this, ecdsa);
        }

        return Certificate.GetRSAPublicKey() is { } rsa ? new TokenRsa(this, rsa) : null;
    }

    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CryptographicOperations.ZeroMemory(_contextPin);
            _contextPin = null;
            Close(_session);
        }

        Certificate.Dispose();
        _gate.Dispose();
        _module.Dispose();
    }

    /// <summary>Signs a digest .NET computed (for SignedCms); the caller checks the signature with the public key.</summary>
    internal byte[] SignDigest(byte[] digest, HashAlgorithmName hash)
    {
        var input = _signature.ForDigest(digest, hash)
            ?? throw new EdsTokenException(
                TokenFailure.MechanismUnsupported,
                $"Token {_token} signs with {_signature.Description}, which hashes on the token; a CMS signature needs the token to sign a digest (CKM_ECDSA or CKM_RSA_PKCS).");
        return _signature.Finish(SignOnToken(input), _token);
    }

    internal EdsTokenException DoesNotVerify() => new(
        TokenFailure.DeviceError,
        $"The signature token {_token} made with key '{KeyLabel}' ({_signature.Description}) does not verify with the certificate on the token: the key is not the certificate's, or the mechanism is not the certificate's algorithm.");

    private byte[] SignOnToken(TokenInput input)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var mechanism = Pkcs11Modules.Factories.MechanismFactory.Create(input.Mechanism);
            try
            {
                return _contextPin is null
                    ? _session.Sign(mechanism, _key, input.Bytes)
                    : _session.Sign(mechanism, _key, _contextPin, input.Bytes);
            }
            catch (Pkcs11Exception e)
            {
                throw Pkcs11Errors.Map(e, _token, $"signing with key '{KeyLabel}'");
            }
        }
    }

    private static (ISlot Slot, ITokenInfo Info) FindToken(Pkcs11Modules.ModuleLease module, Pkcs11KeyReference reference)
    {
        var present = new List<(ISlot Slot, ITokenInfo Info)>();
        foreach (var slot in module.Library.GetSlotList(SlotsType.WithTokenPresent))
        {
            try
            {
                var info = slot.GetTokenInfo();
                if (info.TokenFlags.TokenInitialized)
                {
                    present.Add((slot, info));
                }
            }
            catch (Pkcs11Exception)
            {
                // A token pulled out between the two calls is not present.
            }
        }

        var matches = present
            .Where(t => reference.TokenLabel is null || t.Info.Label.Trim() == reference.TokenLabel.Trim())
            .Where(t => reference.TokenSerial is null || t.Info.SerialNumber.Trim() == reference.TokenSerial.Trim())
            .ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new EdsTokenException(
                TokenFailure.TokenNotPresent,
                $"No token {reference.TokenDescription} is present in {module.Name}"
                + (present.Count == 0 ? ": no token at all (is it plugged in?)." : $"; present: {Describe(present)}.")),
            _ => throw new EdsTokenException(
                TokenFailure.TokenAmbiguous,
                $"{matches.Count} tokens match {reference.TokenDescription}: {Describe(matches)}; choose one by its serial number."),
        };
    }

    private static string Describe(List<(ISlot Slot, ITokenInfo Info)> tokens) =>
        string.Join(", ", tokens.OrderBy(t => t.Info.Label, StringComparer.Ordinal).Take(8).Select(t => $"'{t.Info.Label}' (serial {t.Info.SerialNumber})")) + (tokens.Count > 8 ? ", …" : string.Empty);

    private static void LogIn(ISlot slot, ISession session, ITokenInfo info, ReadOnlySpan<char> pin, string token)
    {
        var flags = info.TokenFlags;
        if (flags.UserPinLocked)
        {
            throw new EdsTokenException(
                TokenFailure.PinLocked,
                $"The user PIN of token {token} is locked after too many wrong PINs; it can only be unlocked with the token's administration tool and its security officer PIN or PUK.");
        }

        if (!flags.LoginRequired)
        {
            return;
        }

        if (!flags.UserPinInitialized)
        {
            throw new EdsTokenException(TokenFailure.DeviceError, $"Token {token} has no user PIN yet: it was not fully initialised.");
        }

        var pinPad = flags.ProtectedAuthenticationPath && pin.IsEmpty;
        var bytes = pinPad ? null : PinBytes(pin);
        try
        {
            try
            {
                session.Login(CKU.CKU_USER, bytes);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                // Left logged in by someone else in this process: the PIN is checked all the same.
                session.Logout();
                session.Login(CKU.CKU_USER, bytes);
            }
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_PIN_INCORRECT)
        {
            var after = slot.GetTokenInfo().TokenFlags;
            if (after.UserPinLocked)
            {
                throw new EdsTokenException(TokenFailure.PinLocked, $"Token {token} refused the PIN, and the user PIN is now locked; it can only be unlocked with the token's administration tool.", e);
            }

            var tries = after.UserPinFinalTry ? " One more wrong PIN locks the token."
                : after.UserPinCountLow ? " The token reports that few tries remain before it locks the PIN."
                : string.Empty;
            throw new EdsTokenException(TokenFailure.WrongPin, $"Token {token} refused the PIN (CKR_PIN_INCORRECT).{tries}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The PIN in UTF-8, in pinned memory (the GC never copies it) for the caller to wipe.</summary>
    private static byte[] PinBytes(ReadOnlySpan<char> pin)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(Encoding.UTF8.GetByteCount(pin), pinned: true);
        Encoding.UTF8.GetBytes(pin, bytes);
        return bytes;
    }

    private static TokenObject FindKey(ISession session, Pkcs11KeyReference reference, string token)
    {
        var keys = FindObjects(session, CKO.CKO_PRIVATE_KEY, [CKA.CKA_LABEL, CKA.CKA_ID, CKA.CKA_KEY_TYPE, CKA.CKA_SIGN, CKA.CKA_ALWAYS_AUTHENTICATE, CKA.CKA_EC_PARAMS, CKA.CKA_MODULUS])
            .OrderBy(k => Convert.ToHexString(k.Id), StringComparer.Ordinal)
            .ThenBy(k => k.Label, StringComparer.Ordinal)
            .ToList();
        var id = reference.KeyId is null ? null : Pkcs11KeyReference.ParseKeyId(reference.KeyId);
        var matching = keys
            .Where(k => reference.KeyLabel is null || k.Label == reference.KeyLabel)
            .Where(k => id is null || k.Id.AsSpan().SequenceEqual(id))
            .ToList();
        if (reference.KeyLabel is null && id is null)
        {
            // No key named: the token's only signing key that has a certificate beside it.
            var certificateIds = FindObjects(session, CKO.CKO_CERTIFICATE, [CKA.CKA_ID]).Select(c => Convert.ToHexString(c.Id)).ToHashSet(StringComparer.Ordinal);
            matching = matching.Where(k => k.CanSign && certificateIds.Contains(Convert.ToHexString(k.Id))).ToList();
        }

        var present = keys.Count == 0
            ? "it holds no private key at all"
            : "keys there: " + string.Join(", ", keys.Take(8).Select(k => $"'{k.Label}' (id {Pkcs11KeyReference.FormatKeyId(k.Id)})")) + (keys.Count > 8 ? ", …" : string.Empty);
        return matching.Count switch
        {
            0 when reference.KeyLabel is null && id is null =>
                throw new EdsTokenException(TokenFailure.KeyNotFound, $"Token {token} holds no signing key with a certificate; {present}."),
            0 => throw new EdsTokenException(TokenFailure.KeyNotFound, $"Token {token} holds no private key {reference.KeyDescription}; {present}."),
            1 when !matching[0].CanSign =>
                throw new EdsTokenException(TokenFailure.KeyNotFound, $"Key {reference.KeyDescription} on token {token} may not sign (CKA_SIGN is false)."),
            1 => matching[0],
            _ => throw new EdsTokenException(
                TokenFailure.KeyAmbiguous,
                $"{matching.Count} private keys on token {token} match {reference.KeyDescription}: "
                + string.Join(", ", matching.Take(8).Select(k => $"'{k.Label}' (id {Pkcs11KeyReference.FormatKeyId(k.Id)})")) + "; choose one by its label and id."),
        };
    }

    /// <summary>The certificate with the key's CKA_ID (or, for a key without one, its label) whose public key is the key's; the one valid now and newest when several are.</summary>
    private static X509Certificate2 FindCertificate(ISession session, TokenObject key, string token)
    {
        var candidates = FindObjects(session, CKO.CKO_CERTIFICATE, [CKA.CKA_LABEL, CKA.CKA_ID, CKA.CKA_VALUE])
            .Where(c => key.Id.Length > 0 ? c.Id.AsSpan().SequenceEqual(key.Id) : c.Label == key.Label)
            .ToList();
        var publicPoint = key.KeyType == (ulong)CKK.CKK_EC ? FindEcPoint(session, key) : null;
        var now = DateTime.UtcNow;
        X509Certificate2? best = null;
        foreach (var candidate in candidates)
        {
            if (candidate.Value is not { Length: > 0 and <= MaxCertificateBytes } value)
            {
                continue;
            }

            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadCertificate(value);
            }
            catch (CryptographicException)
            {
                continue;
            }

            if (!IsKeyOf(certificate, key, publicPoint) || (best is not null && !IsBetter(certificate, best, now)))
            {
                certificate.Dispose();
                continue;
            }

            best?.Dispose();
            best = certificate;
        }

        return best ?? throw new EdsTokenException(
            TokenFailure.CertificateNotFound,
            $"Token {token} holds no certificate for key '{key.Label}' (id {Pkcs11KeyReference.FormatKeyId(key.Id)}); write it onto the token under the key's id, "
            + $"e.g. pkcs11-tool --write-object CERT.der --type cert --id {Pkcs11KeyReference.FormatKeyId(key.Id)} --login.");
    }

    private static bool IsBetter(X509Certificate2 candidate, X509Certificate2 best, DateTime now)
    {
        static bool Current(X509Certificate2 c, DateTime at) => c.NotBefore.ToUniversalTime() <= at && at <= c.NotAfter.ToUniversalTime();
        return Current(candidate, now) != Current(best, now) ? Current(candidate, now) : candidate.NotBefore > best.NotBefore;
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> carries the key's public key, as far as the token tells: the RSA modulus, the
    /// EC curve and (when the public key object is there) the point. Vendor key types are matched by id alone; the
    /// signature check after every signature catches a mismatch.
    /// </summary>
    private static bool IsKeyOf(X509Certificate2 certificate, TokenObject key, byte[][]? publicPoint)
    {
        try
        {
            if (key.KeyType == (ulong)CKK.CKK_RSA)
            {
                using var rsa = certificate.GetRSAPublicKey();
                return rsa is not null && key.Modulus is { } modulus
                    && rsa.ExportParameters(false).Modulus.AsSpan().SequenceEqual(modulus.AsSpan().TrimStart((byte)0));
            }

            if (key.KeyType == (ulong)CKK.CKK_EC)
            {
                using var ecdsa = certificate.GetECDsaPublicKey();
                return ecdsa is not null
                    && (key.EcParameters is null || (certificate.PublicKey.EncodedParameters?.RawData ?? []).AsSpan().SequenceEqual(key.EcParameters))
                    && (publicPoint is null || publicPoint.Any(p => certificate.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(p)));
            }

            // A vendor key type (bign, GOST) goes with a certificate of neither ECDSA nor RSA.
            return certificate.PublicKey.Oid.Value is not (EcPublicKeyOid or RsaEncryptionOid);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// The point of the key's public key object (CKA_EC_POINT), if the token has one: PKCS#11 says a DER OCTET STRING,
    /// some modules give the bare point; both forms are returned for the comparison.
    /// </summary>
    private static byte[][]? FindEcPoint(ISession session, TokenObject key)
    {
        if (key.Id.Length == 0)
        {
            return null;
        }

        var point = FindObjects(session, CKO.CKO_PUBLIC_KEY, [CKA.CKA_ID, CKA.CKA_EC_POINT])
            .FirstOrDefault(p => p.Id.AsSpan().SequenceEqual(key.Id))?.EcPoint;
        if (point is null || point.Length == 0)
        {
            return null;
        }

        try
        {
            var reader = new System.Formats.Asn1.AsnReader(point, System.Formats.Asn1.AsnEncodingRules.DER);
            var inner = reader.ReadOctetString();
            return reader.HasData ? [point] : [point, inner];
        }
        catch (System.Formats.Asn1.AsnContentException)
        {
            return [point];
        }
    }

    private static List<TokenObject> FindObjects(ISession session, CKO objectClass, List<CKA> attributes)
    {
        var factory = Pkcs11Modules.Factories.ObjectAttributeFactory;
        session.FindObjectsInit([factory.Create(CKA.CKA_CLASS, objectClass)]);
        List<IObjectHandle> handles;
        try
        {
            handles = session.FindObjects(MaxObjects);
        }
        finally
        {
            session.FindObjectsFinal();
        }

        return handles.Select(h => TokenObject.Read(session, h, attributes)).ToList();
    }

    private static void Close(ISession? session)
    {
        if (session is null)
        {
            return;
        }

        try
        {
            session.Logout();
        }
        catch (Pkcs11Exception)
        {
            // Not logged in, or the token is gone: nothing to log out of.
        }

        try
        {
            session.Dispose();
        }
        catch (Pkcs11Exception)
        {
            // The session died with the token.
        }
    }

    /// <summary>The attributes of one object NPES looks at; an attribute the token does not give is null (or false).</summary>
    private sealed class TokenObject
    {
        public required IObjectHandle Handle { get; init; }

        public string Label { get; init; } = string.Empty;

        public byte[] Id { get; init; } = [];

        public ulong KeyType { get; init; } = ulong.MaxValue;

        public bool CanSign { get; init; }

        public bool AlwaysAuthenticate { get; init; }

        public byte[]? EcParameters { get; init; }

        public byte[]? Modulus { get; init; }

        public byte[]? EcPoint { get; init; }

        public byte[]? Value { get; init; }

        public static TokenObject Read(ISession session, IObjectHandle handle, List<CKA> attributes)
        {
            var values = session.GetAttributeValue(handle, attributes);
            IObjectAttribute? Get(CKA type) => values.FirstOrDefault(v => v.Type == (ulong)type && !v.CannotBeRead);
            return new TokenObject
            {
                Handle = handle,
                Label = Get(CKA.CKA_LABEL)?.GetValueAsString() ?? string.Empty,
                Id = Get(CKA.CKA_ID)?.GetValueAsByteArray() ?? [],
                KeyType = Get(CKA.CKA_KEY_TYPE)?.GetValueAsUlong() ?? ulong.MaxValue,
                CanSign = Get(CKA.CKA_SIGN)?.GetValueAsBool() ?? false,
                AlwaysAuthenticate = Get(CKA.CKA_ALWAYS_AUTHENTICATE)?.GetValueAsBool() ?? false,
                EcParameters = Get(CKA.CKA_EC_PARAMS)?.GetValueAsByteArray(),
                Modulus = Get(CKA.CKA_MODULUS)?.GetValueAsByteArray(),
                EcPoint = Get(CKA.CKA_EC_POINT)?.GetValueAsByteArray(),
                Value = Get(CKA.CKA_VALUE)?.GetValueAsByteArray(),
            };
        }
    }
}
