using System.CommandLine;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes login --p12 FILE --password PW</c>: asks for a challenge, signs it with the key in the PKCS#12 file
/// (the key stays in this process), and saves the bearer token and the key file's path (not its password) in the profile.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var p12 = new Option<FileInfo>("--p12") { Description = "PKCS#12 file with the EDS key and certificate", Required = true };
        var password = new Option<string?>("--password") { Description = "Password of the PKCS#12 file (or environment NPES_P12_PASSWORD)" };
        var command = new Command("login", "Log in with an EDS key and save the token in the profile") { p12, password };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var server = globals.ServerUri(parseResult);
            var profileName = parseResult.GetValue(globals.Profile)!;
            var profiles = new ProfileStore(environment);
            var keyFile = parseResult.GetValue(p12)!;
            using var key = SigningKey.Open(keyFile, parseResult.GetValue(password) ?? environment.Variable("NPES_P12_PASSWORD"));

            using var api = new ApiClient(server, environment);
            var challenge = await api.PostAsync<ChallengeDto>("api/v1/auth/challenge", new { certificate = key.CertificateBase64 }, cancellationToken);
            var signature = key.Sign(Convert.FromBase64String(challenge.ToBeSigned));
            var login = await api.PostAsync<LoginDto>(
                "api/v1/auth/login",
                new { challengeId = challenge.ChallengeId, certificate = key.CertificateBase64, signature = Convert.ToBase64String(signature) },
                cancellationToken);

            profiles.Save(profileName, new Profile(server.ToString(), login.AccessToken, login.ExpiresAt, login.Party.Name, login.Roles, keyFile.FullName));
            await environment.Output.WriteLineAsync($"logged in as {login.Party.Name} ({string.Join(", ", login.Roles)}) on {server}; profile '{profileName}' valid until {login.ExpiresAt:u}");
            return 0;
        });
        return command;
    }
}
