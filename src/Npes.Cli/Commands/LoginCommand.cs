using System.CommandLine;
using Npes.Contracts;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes login --p12 FILE</c> or <c>npes login --key FILE --certificate FILE</c> (a bign key container and its
/// certificate), with <c>--password PW</c>; or <c>npes login --pkcs11 MODULE --token LABEL [--key LABEL]</c> with the
/// token's PIN: asks for a challenge, signs it with the key (the key stays in this process, or on the token), and saves
/// the bearer token and where the key is (files' paths, or module, token and key) in the profile — never a password or PIN.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var p12 = new Option<FileInfo?>("--p12") { HelpName = "FILE", Description = "PKCS#12 file with the EDS key and certificate" };
        var key = new Option<string?>("--key") { HelpName = "FILE|LABEL", Description = "Instead of --p12: a key container (bign NAME.key, PEM ENCRYPTED PRIVATE KEY), with --certificate; with --pkcs11, the label of the key on the token" };
        var certificate = new Option<FileInfo?>("--certificate") { HelpName = "FILE", Description = "With --key: the certificate of that key (PEM or DER)" };
        var password = new Option<string?>("--password") { Description = "Password of the PKCS#12 file or key container (or environment NPES_P12_PASSWORD)" };
        var token = new TokenOptions(key);
        var command = new Command("login", "Log in with an EDS key and save the token in the profile") { p12, key, certificate, password };
        token.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var server = globals.ServerUri(parseResult);
            var profileName = parseResult.GetValue(globals.Profile)!;
            var profiles = new ProfileStore(environment);
            var onToken = token.Reference(parseResult);
            FileInfo? keyFile = null;
            FileInfo? certificateFile = null;
            if (onToken is not null)
            {
                if (new Option[] { p12, certificate, password }.FirstOrDefault(o => parseResult.GetResult(o) is { Implicit: false }) is { } extra)
                {
                    throw new CliException($"--pkcs11 signs with a key on a token; {extra.Name} is for key files (the token's PIN is given with --pin).") { ExitCode = 2 };
                }
            }
            else if (token.PinGiven(parseResult))
            {
                throw new CliException("--pin is the PIN of a token and goes with --pkcs11 MODULE; key files take --password.") { ExitCode = 2 };
            }
            else
            {
                (keyFile, certificateFile) = KeyFiles(parseResult.GetValue(p12), parseResult.GetValue(key) is { } container ? new FileInfo(container) : null, parseResult.GetValue(certificate));
            }

            var secret = parseResult.GetValue(password) ?? environment.Variable("NPES_P12_PASSWORD");
            using var signingKey = onToken is not null ? token.Open(environment, parseResult, onToken)
                : certificateFile is null ? SigningKey.Open(keyFile!, secret)
                : SigningKey.Open(keyFile!, certificateFile, secret);

            using var api = new ApiClient(server, environment);
            var challenge = await api.PostAsync<ChallengeResponse>("api/v1/auth/challenge", new { certificate = signingKey.CertificateBase64 }, cancellationToken);
            var statement = Statements.CheckLogin(challenge.ToBeSigned, challenge.ChallengeId, server, Statements.Thumbprint(signingKey.Certificate.RawData), DateTimeOffset.UtcNow);
            await Statements.ShowAsync(environment.Error, statement, signingKey.Certificate.Subject);
            var signature = signingKey.Sign(statement);
            var login = await api.PostAsync<LoginResponse>(
                "api/v1/auth/login",
                new { challengeId = challenge.ChallengeId, certificate = signingKey.CertificateBase64, signature = Convert.ToBase64String(signature) },
                cancellationToken);

            profiles.Save(profileName, new Profile(server.ToString(), login.AccessToken, login.ExpiresAt, login.Party.Name, login.Roles, keyFile?.FullName, certificateFile?.FullName, onToken));
            await environment.Output.WriteLineAsync($"logged in as {login.Party.Name} ({string.Join(", ", login.Roles)}) on {server}; profile '{profileName}' valid until {login.ExpiresAt:u}");
            return 0;
        });
        return command;
    }

    /// <summary>Either a PKCS#12 file alone, or a key container with its certificate.</summary>
    private static (FileInfo Key, FileInfo? Certificate) KeyFiles(FileInfo? p12, FileInfo? key, FileInfo? certificate)
    {
        if (p12 is not null)
        {
            return key is null && certificate is null
                ? (p12, null)
                : throw new CliException("--p12 holds the key and its certificate: give either --p12 FILE, or --key FILE with --certificate FILE.") { ExitCode = 2 };
        }

        return (key, certificate) switch
        {
            (null, null) => throw new CliException("Give the EDS key: --p12 FILE, --key FILE with --certificate FILE, or --pkcs11 MODULE with --token LABEL.") { ExitCode = 2 },
            (null, _) => throw new CliException("--certificate goes with --key FILE, the key container of that certificate.") { ExitCode = 2 },
            (_, null) => throw new CliException("--key needs --certificate FILE, the certificate of that key.") { ExitCode = 2 },
            ({ } container, { } itsCertificate) => (container, itsCertificate),
        };
    }
}
