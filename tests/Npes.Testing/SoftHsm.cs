using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Npes.Storage;
using Xunit;

namespace Npes.Testing;

/// <summary>One key on a test token, with the certificate file the token script wrote (null when the token has none).</summary>
public sealed record SoftHsmKey(string Module, string Token, string KeyLabel, string KeyId, string? CertificateFile);

/// <summary>
/// Real SoftHSM2 tokens for one test process, made by the project's own <c>tools/softhsm-token.sh</c> in a folder of
/// their own (its own SOFTHSM2_CONF, never the machine's), all of them before the module is first loaded — SoftHSM2 sees
/// the tokens of its folder as they were when it was initialised. The tokens' certificates come from the sample PKI
/// folder the test project gives.
/// </summary>
public sealed partial class SoftHsm
{
    /// <summary>The user PIN of every test token (the script's sample PIN).</summary>
    public const string Pin = "123456";

    public const string CitizenName = "Ковалёв Андрей Павлович";
    public const string CitizenPersonalNumber = "3150290A005PB4";
    public const string OrganisationName = "ООО «Токен Пример»";
    public const string OrganisationUnp = "192000017";

    /// <summary>CKF_USER_PIN_LOCKED in CK_TOKEN_INFO.flags.</summary>
    private const ulong UserPinLockedFlag = 0x00040000;

    /// <summary>SoftHSM2's vendor attribute holding the token flags in its token.object file (CKA_VENDOR_DEFINED + 0x534B).</summary>
    private const ulong TokenFlagsAttribute = 0x8000534B;

    private static readonly Lock Sync = new();
    private static SoftHsm? _instance;

    private SoftHsm(string directory, string module)
    {
        Directory = directory;
        Module = module;
    }

    /// <summary>The SoftHSM2 module of this machine, or null when SoftHSM2 is not installed.</summary>
    public static string? InstalledModule { get; } = new[]
    {
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
    }.FirstOrDefault(File.Exists);

    /// <summary>Why token tests are skipped; null when SoftHSM2 is installed and they run.</summary>
    public static string? Missing => InstalledModule is null || !OnPath("softhsm2-util")
        ? "SoftHSM2 is not installed (no libsofthsm2.so or softhsm2-util): install the Debian packages softhsm2 and opensc, as .ci/run does."
        : null;

    public string Directory { get; }

    public string Module { get; }

    /// <summary>ECDSA P-256 key of the citizen <see cref="CitizenName"/>, generated on the token, with its certificate.</summary>
    public SoftHsmKey Citizen => new(Module, "npes-citizen", "citizen", "01", CertificateOf("npes-citizen", "01"));

    /// <summary>RSA 2048 key of the organisation <see cref="OrganisationName"/>, generated on the token, with its certificate.</summary>
    public SoftHsmKey Organisation => new(Module, "npes-rsa", "organisation", "01", CertificateOf("npes-rsa", "01"));

    /// <summary>A key pair and no certificate.</summary>
    public SoftHsmKey NoCertificate => new(Module, "npes-no-cert", "citizen", "01", null);

    /// <summary>A token whose user PIN is locked (its stored CKF_USER_PIN_LOCKED flag).</summary>
    public SoftHsmKey Locked => new(Module, "npes-locked", "citizen", "01", CertificateOf("npes-locked", "01"));

    /// <summary>A token for wrong-PIN tests (a wrong PIN leaves CKF_USER_PIN_COUNT_LOW set on it).</summary>
    public SoftHsmKey WrongPin => new(Module, "npes-wrong-pin", "citizen", "01", CertificateOf("npes-wrong-pin", "01"));

    /// <summary>A key that asks for the PIN before every signature (CKA_ALWAYS_AUTHENTICATE).</summary>
    public SoftHsmKey AlwaysAuthenticate => new(Module, "npes-always-auth", "citizen", "01", CertificateOf("npes-always-auth", "01"));

    /// <summary>The first of two keys with certificates on one token.</summary>
    public SoftHsmKey FirstOfTwo => new(Module, "npes-two-keys", "first", "01", CertificateOf("npes-two-keys", "01"));

    /// <summary>The second of two keys with certificates on one token.</summary>
    public SoftHsmKey SecondOfTwo => new(Module, "npes-two-keys", "second", "02", CertificateOf("npes-two-keys", "02"));

    /// <summary>
    /// The tokens of this process, made on first call from the sample PKI in <paramref name="pkiDirectory"/>
    /// (issuing-ca.p12, issuing-ca.crt); every later call must name the same folder.
    /// </summary>
    public static SoftHsm Tokens(string pkiDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pkiDirectory);
        lock (Sync)
        {
            if (_instance is null)
            {
                _instance = Create(Path.GetFullPath(pkiDirectory));
            }
            else if (_instance.Pki != Path.GetFullPath(pkiDirectory))
            {
                throw new InvalidOperationException($"The test tokens were made from {_instance.Pki}, not {pkiDirectory}.");
            }

            return _instance;
        }
    }

    private string Pki { get; init; } = string.Empty;

    private string CertificateOf(string token, string keyId) => Path.Combine(Directory, $"{token}-{keyId}.crt");

    private static SoftHsm Create(string pki)
    {
        var module = InstalledModule ?? throw new InvalidOperationException(Missing);
        var directory = Path.Combine(Path.GetTempPath(), "npes-softhsm-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        };

        var tokens = new SoftHsm(directory, module) { Pki = pki };
        string[] citizen = ["--surname", "Ковалёв", "--given-names", "Андрей Павлович", "--personal-number", CitizenPersonalNumber];
        tokens.Script(["--label", "npes-citizen", "--key-label", "citizen", .. citizen]);
        tokens.Script(["--label", "npes-rsa", "--key-label", "organisation", "--key-type", "rsa", "--organisation", OrganisationName, "--unp", OrganisationUnp]);
        tokens.Script(["--label", "npes-no-cert", "--key-label", "citizen", "--no-certificate"]);
        tokens.Script(["--label", "npes-locked", "--key-label", "citizen", .. citizen]);
        tokens.Script(["--label", "npes-wrong-pin", "--key-label", "citizen", .. citizen]);
        tokens.Script(["--label", "npes-always-auth", "--key-label", "citizen", "--always-auth", .. citizen]);
        tokens.Script(["--label", "npes-two-keys", "--key-label", "first", "--key-id", "01", .. citizen]);
        tokens.Script(["--label", "npes-two-keys", "--key-label", "second", "--key-id", "02", "--add-key", .. citizen]);
        tokens.LockUserPin("npes-locked");

        // The module reads SOFTHSM2_CONF from the process environment when it initialises; .NET's own copy of the
        // environment is not what native code sees, so it is set there too.
        var configuration = Path.Combine(directory, "softhsm2.conf");
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", configuration);
        if (SetEnvironment("SOFTHSM2_CONF", configuration, 1) != 0)
        {
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed.");
        }

        return tokens;
    }

    private void Script(string[] arguments)
    {
        var script = Path.Combine(RepositoryRoot.Find() ?? throw new InvalidOperationException("The repository root (NPES.sln) was not found."), "tools", "softhsm-token.sh");
        Tools.Run("bash", [script, "--dir", Directory, "--module", Module, "--pki", Pki, "--pin", Pin, .. arguments]);
    }

    /// <summary>
    /// Sets CKF_USER_PIN_LOCKED in the token's stored flags, the state a token is in after too many wrong PINs. SoftHSM2
    /// itself never locks a PIN (it only sets CKF_USER_PIN_COUNT_LOW), so the state is written into its token.object:
    /// a generation counter, then attributes of (type, kind, value) in big-endian 64-bit words; the flags are kind 2
    /// (an unsigned long) and come after the label and serial (kind 3, byte strings with their length).
    /// </summary>
    private void LockUserPin(string label)
    {
        var padded = Encoding.UTF8.GetBytes(label.PadRight(32));
        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "tokens"), "token.object", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            if (bytes.AsSpan().IndexOf(padded) < 0)
            {
                continue;
            }

            var offset = 8;
            while (offset + 24 <= bytes.Length)
            {
                var type = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(offset));
                var kind = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(offset + 8));
                offset += 16;
                switch (kind)
                {
                    case 1: // bool
                        offset += 1;
                        break;
                    case 2 when type == TokenFlagsAttribute:
                        var flags = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(offset));
                        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(offset), flags | UserPinLockedFlag);
                        var generation = BinaryPrimitives.ReadUInt64BigEndian(bytes);
                        BinaryPrimitives.WriteUInt64BigEndian(bytes, generation + 1);
                        File.WriteAllBytes(file, bytes);
                        return;
                    case 2:
                        offset += 8;
                        break;
                    case 3:
                        offset += 8 + checked((int)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(offset)));
                        break;
                    default:
                        throw new InvalidOperationException($"{file}: attribute kind {kind} before the token flags; this SoftHSM2 store has another layout.");
                }
            }

            throw new InvalidOperationException($"{file}: no token flags attribute.");
        }

        throw new InvalidOperationException($"No token labelled '{label}' in {Directory}.");
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool)));

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}

/// <summary>A test that needs SoftHSM2: skipped, saying why, only on a machine without it (CI installs it).</summary>
public sealed class SoftHsmFactAttribute : FactAttribute
{
    public SoftHsmFactAttribute()
    {
        if (SoftHsm.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs SoftHSM2: skipped, saying why, only on a machine without it (CI installs it).</summary>
public sealed class SoftHsmTheoryAttribute : TheoryAttribute
{
    public SoftHsmTheoryAttribute()
    {
        if (SoftHsm.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}
