using System.CommandLine;
using Npes.Contracts;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes login --p12 FILE</c> or <c>npes login --key FILE --certificate FILE</c> (a bign key container and its
/// certificate), with <c>--password PW</c>: asks for a challenge, signs it with the key (the key stays in this process),
/// and saves the bearer token and the key files' paths (not their password) in the profile.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var p12 = new Option<FileInfo?>("--p12") { HelpName = "FILE", Description = "PKCS#12 file with the EDS key and certificate" };
        var key = new Option<FileInfo?>("--key") { HelpName = "FILE", Description = "Instead of --p12: a key container (bign NAME.key, PEM ENCRYPTED PRIVATE KEY), with --certificate" };
        var certificate = new Option<FileInfo?>("--certificate") { HelpName = "FILE", Description = "With --key: the certificate of that key (PEM or DER)" };
        var password = new Option<string?>("--password") { Description = "Password of the PKCS#12 file or key container (or environment NPES_P12_PASSWORD)" };
        var command = new Command("login", "Log in with an EDS key and save the token in the profile") { p12, key, certificate, password };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var server = globals.ServerUri(parseResult);
            var profileName = parseResult.GetValue(globals.Profile)!;
            var profiles = new ProfileStore(environment);
            var (keyFile, certificateFile) = KeyFiles(parseResult.GetValue(p12), parseResult.GetValue(key), parseResult.GetValue(certificate));
            var secret = parseResult.GetValue(password) ?? environment.Variable("NPES_P12_PASSWORD");
            using var signingKey = certificateFile is null ? SigningKey.Open(keyFile, secret) : SigningKey.Open(keyFile, certificateFile, secret);

            using var api = new ApiClient(server, environment);
            var challenge = await api.PostAsync<ChallengeResponse>("api/v1/auth/challenge", new { certificate = signingKey.CertificateBase64 }, cancellationToken);
            var signature = signingKey.Sign(Convert.FromBase64String(challenge.ToBeSigned));
            var login = await api.PostAsync<LoginResponse>(
                "api/v1/auth/login",
                new { challengeId = challenge.ChallengeId, certificate = signingKey.CertificateBase64, signature = Convert.ToBase64String(signature) },
                cancellationToken);

            profiles.Save(profileName, new Profile(server.ToString(), login.AccessToken, login.ExpiresAt, login.Party.Name, login.Roles, keyFile.FullName, certificateFile?.FullName));
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
            (null, null) => throw new CliException("Give the EDS key: --p12 FILE, or --key FILE with --certificate FILE.") { ExitCode = 2 },
            (null, _) => throw new CliException("--certificate goes with --key FILE, the key container of that certificate.") { ExitCode = 2 },
            (_, null) => throw new CliException("--key needs --certificate FILE, the certificate of that key.") { ExitCode = 2 },
            ({ } container, { } itsCertificate) => (container, itsCertificate),
        };
    }
}
