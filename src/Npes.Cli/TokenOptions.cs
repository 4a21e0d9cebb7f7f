using System.CommandLine;
using System.Security.Cryptography;
using Npes.Eds.Pkcs11;

namespace Npes.Cli;

/// <summary>
/// The options naming a key on a PKCS#11 token (<c>--pkcs11 MODULE --token LABEL|--token-serial SERIAL
/// [--key LABEL] [--key-id HEX]</c>) and its PIN (<c>--pin</c>, else the environment variable NPES_PIN, else asked
/// for without echo). The PIN is never stored; a copy the CLI made is wiped once the token has it.
/// </summary>
internal sealed class TokenOptions
{
    public const string PinVariable = "NPES_PIN";
    public const string MechanismsVariable = "NPES_PKCS11_MECHANISMS";

    private readonly bool _ownKey;

    /// <param name="key">The command's <c>--key</c> when it has one already (login: a key container, or with --pkcs11 the key's label).</param>
    public TokenOptions(Option<string?>? key = null)
    {
        _ownKey = key is null;
        Key = key ?? new Option<string?>("--key") { HelpName = "LABEL", Description = "With --pkcs11: the label of the key on the token (default: its only key with a certificate)" };
    }

    public Option<string?> Module { get; } = new("--pkcs11")
    {
        HelpName = "MODULE",
        Description = "Sign with a key on a USB token or smart card through its PKCS#11 module (the vendor's library, e.g. /usr/lib/softhsm/libsofthsm2.so)",
    };

    public Option<string?> Token { get; } = new("--token") { HelpName = "LABEL", Description = "With --pkcs11: the token's label" };

    public Option<string?> TokenSerial { get; } = new("--token-serial") { HelpName = "SERIAL", Description = "With --pkcs11: the token's serial number (instead of or with --token)" };

    public Option<string?> Key { get; }

    public Option<string?> KeyId { get; } = new("--key-id") { HelpName = "HEX", Description = "With --pkcs11: the key's id (CKA_ID, hex)" };

    public Option<string?> Pin { get; } = new("--pin") { Description = "PIN of the token (or environment NPES_PIN; asked for without echo when neither is given); never stored" };

    /// <summary>The options this instance adds to a command (not a shared <c>--key</c>).</summary>
    public IEnumerable<Option> All => _ownKey ? [Module, Token, TokenSerial, Key, KeyId, Pin] : [Module, Token, TokenSerial, KeyId, Pin];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The key the options name; null when none of them is given. <c>--token</c>, <c>--token-serial</c> and
    /// <c>--key-id</c> without <c>--pkcs11</c>, or <c>--pkcs11</c> without a token, are usage errors.
    /// </summary>
    public Pkcs11KeyReference? Reference(ParseResult parseResult)
    {
        var module = parseResult.GetValue(Module);
        var label = parseResult.GetValue(Token);
        var serial = parseResult.GetValue(TokenSerial);
        var keyId = parseResult.GetValue(KeyId);
        if (module is null)
        {
            var stray = new[] { Token, TokenSerial, KeyId }.Concat(_ownKey ? [Key] : []).FirstOrDefault(o => parseResult.GetResult(o) is { Implicit: false });
            return stray is null
                ? null
                : throw new CliException($"{stray.Name} names a key on a token and goes with --pkcs11 MODULE.") { ExitCode = 2 };
        }

        if (label is null && serial is null)
        {
            throw new CliException("--pkcs11 needs the token: --token LABEL or --token-serial SERIAL.") { ExitCode = 2 };
        }

        // A module given as a path is remembered as a full path, so a profile works from any folder.
        var reference = new Pkcs11KeyReference(
            module.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? Path.GetFullPath(module) : module,
            label,
            serial,
            parseResult.GetValue(Key),
            keyId);
        try
        {
            reference.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliException(OptionOf(e.ParamName) + ": " + WithoutParameter(e), e) { ExitCode = 2 };
        }

        return reference;
    }

    /// <summary>Whether a PIN was given on the command line.</summary>
    public bool PinGiven(ParseResult parseResult) => parseResult.GetResult(Pin) is { Implicit: false };

    /// <summary>
    /// Opens the key <paramref name="reference"/> names, with the PIN from <c>--pin</c>, NPES_PIN or the prompt, and the
    /// vendor mechanisms of NPES_PKCS11_MECHANISMS.
    /// </summary>
    public SigningKey Open(CliEnvironment environment, ParseResult parseResult, Pkcs11KeyReference reference)
    {
        Pkcs11Options options;
        try
        {
            options = Pkcs11Options.ParseMechanisms(environment.Variable(MechanismsVariable));
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{MechanismsVariable}: {WithoutParameter(e)}", e) { ExitCode = 2 };
        }

        var pin = parseResult.GetValue(Pin) is { } given ? given.ToCharArray()
            : environment.Variable(PinVariable) is { } variable ? variable.ToCharArray()
            : environment.ReadSecret($"PIN of token {reference.TokenDescription}: ")
              ?? throw new CliException($"The token's PIN is needed: give --pin PIN, set {PinVariable}, or run where the PIN can be typed.") { ExitCode = 2 };
        try
        {
            if (pin.Length > Pkcs11TokenKey.MaxPinLength)
            {
                throw new CliException($"A PIN has at most {Pkcs11TokenKey.MaxPinLength} characters.") { ExitCode = 2 };
            }

            return SigningKey.OpenToken(reference, pin, options);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pin.AsSpan()));
        }
    }

    /// <summary>The message without the " (Parameter 'x')" .NET appends: the option is named already.</summary>
    private static string WithoutParameter(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);

    private static string OptionOf(string? parameter) => parameter switch
    {
        nameof(Pkcs11KeyReference.Module) => "--pkcs11",
        nameof(Pkcs11KeyReference.TokenLabel) => "--token",
        nameof(Pkcs11KeyReference.TokenSerial) => "--token-serial",
        nameof(Pkcs11KeyReference.KeyLabel) => "--key",
        _ => "--key-id",
    };
}

/// <summary>
/// The key a signing command (<c>receive</c>, <c>refuse</c>, <c>send --sign</c>) signs with: a token named by
/// <see cref="TokenOptions"/>, else the token the profile logged in with, else the profile's key file (with
/// <c>--password</c> or NPES_P12_PASSWORD).
/// </summary>
internal sealed class SigningKeyOptions
{
    public SigningKeyOptions(string passwordDescription) =>
        Password = new Option<string?>("--password") { Description = passwordDescription };

    public Option<string?> Password { get; }

    public TokenOptions Token { get; } = new();

    public IEnumerable<Option> All => [Password, .. Token.All];

    public void AddTo(Command command)
    {
        command.Options.Add(Password);
        Token.AddTo(command);
    }

    public SigningKey Open(CliEnvironment environment, Session session, ParseResult parseResult)
    {
        var reference = Token.Reference(parseResult) ?? session.Profile.Token;
        if (reference is not null)
        {
            return parseResult.GetResult(Password) is { Implicit: false }
                ? throw new CliException("--password opens key files; the token's PIN is given with --pin (or NPES_PIN).") { ExitCode = 2 }
                : Token.Open(environment, parseResult, reference);
        }

        if (Token.PinGiven(parseResult))
        {
            throw new CliException($"--pin is the PIN of a token: profile '{session.ProfileName}' signs with a key file (--password); use --pkcs11 to sign with a token.") { ExitCode = 2 };
        }

        return session.OpenKey(parseResult.GetValue(Password) ?? environment.Variable("NPES_P12_PASSWORD"));
    }
}

/// <summary>The exit codes of token failures (docs/cli.md lists them) and their messages.</summary>
internal static class TokenFailures
{
    public const int ModuleUnavailable = 3;
    public const int TokenNotPresent = 4;
    public const int WrongPin = 5;
    public const int PinLocked = 6;
    public const int KeyNotFound = 7;
    public const int CertificateNotFound = 8;
    public const int MechanismUnsupported = 9;

    public static CliException ToCliException(EdsTokenException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var (exitCode, hint) = error.Failure switch
        {
            TokenFailure.ModuleUnavailable => (ModuleUnavailable, " --pkcs11 names the token vendor's PKCS#11 library."),
            TokenFailure.TokenNotPresent or TokenFailure.TokenRemoved => (TokenNotPresent, string.Empty),
            TokenFailure.TokenAmbiguous => (2, " Give --token-serial SERIAL."),
            TokenFailure.WrongPin => (WrongPin, string.Empty),
            TokenFailure.PinLocked => (PinLocked, string.Empty),
            TokenFailure.KeyNotFound => (KeyNotFound, " Choose the key with --key LABEL or --key-id HEX."),
            TokenFailure.KeyAmbiguous => (2, " Choose the key with --key LABEL or --key-id HEX."),
            TokenFailure.CertificateNotFound => (CertificateNotFound, string.Empty),
            TokenFailure.MechanismUnsupported => (MechanismUnsupported, string.Empty),
            _ => (1, string.Empty),
        };
        return new CliException(error.Message + hint, error) { ExitCode = exitCode };
    }
}
