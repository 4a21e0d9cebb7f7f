using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Eds;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes login --p12 FILE --password PW</c>: asks for a challenge, signs it with the key in the PKCS#12 file
/// (the key stays in this process), and saves the bearer token in the profile.
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
            using var certificate = LoadKey(parseResult.GetValue(p12)!, parseResult.GetValue(password) ?? environment.Variable("NPES_P12_PASSWORD"));

            using var services = new ServiceCollection()
                .AddLogging()
                .AddEds(new ConfigurationBuilder().Build())
                .BuildServiceProvider();
            var provider = services.GetRequiredService<IEdsProviderRegistry>().Find(certificate)
                ?? throw new CliException("No EDS provider handles the key in this file.");

            var certificateText = Convert.ToBase64String(certificate.RawData);
            using var api = new ApiClient(server, environment);
            var challenge = await api.PostAsync<ChallengeDto>("api/v1/auth/challenge", new { certificate = certificateText }, cancellationToken);
            var signature = provider.Sign(certificate, Convert.FromBase64String(challenge.ToBeSigned));
            var login = await api.PostAsync<LoginDto>(
                "api/v1/auth/login",
                new { challengeId = challenge.ChallengeId, certificate = certificateText, signature = Convert.ToBase64String(signature) },
                cancellationToken);

            profiles.Save(profileName, new Profile(server.ToString(), login.AccessToken, login.ExpiresAt, login.Party.Name, login.Roles));
            await environment.Output.WriteLineAsync($"logged in as {login.Party.Name} ({string.Join(", ", login.Roles)}) on {server}; profile '{profileName}' valid until {login.ExpiresAt:u}");
            return 0;
        });
        return command;
    }

    private static X509Certificate2 LoadKey(FileInfo file, string? password)
    {
        if (!file.Exists)
        {
            throw new CliException($"No such file: {file.FullName}") { ExitCode = 2 };
        }

        if (file.Length > 1024 * 1024)
        {
            throw new CliException($"{file.Name} is larger than 1 MB; that is not a PKCS#12 key file.") { ExitCode = 2 };
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(file.FullName, password, X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new CliException($"{file.Name} holds no private key.");
            }

            return certificate;
        }
        catch (CryptographicException e)
        {
            throw new CliException($"Cannot open {file.Name}: wrong password or not a PKCS#12 file.", e);
        }
    }
}
