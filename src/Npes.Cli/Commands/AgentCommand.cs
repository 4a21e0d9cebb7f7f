using System.CommandLine;
using System.Globalization;
using Npes.Cli.Agent;
using Npes.Core.Auth;
using Npes.Eds.Pkcs11;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes agent --origin URL [--port N] KEY</c>: the local signing agent the NPES web pages sign through (see
/// <see cref="SigningAgent"/>). KEY is <c>--p12 FILE</c>, <c>--key FILE --certificate FILE</c> (a bign or GOST key
/// container) or <c>--pkcs11 MODULE --token LABEL [--key LABEL]</c>. The PIN or password is typed in the agent's
/// terminal when it starts (to check it and read the certificate) and again for every signature; it is never stored.
/// </summary>
internal static class AgentCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var origins = new Option<string[]>("--origin")
        {
            HelpName = "URL",
            Description = "An NPES web origin the agent serves (scheme://host[:port]); repeat for several; default: the --server's origin",
            AllowMultipleArgumentsPerToken = false,
        };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 chooses a free one)", DefaultValueFactory = _ => AgentSettings.DefaultPort };
        var timeout = new Option<int>("--timeout") { HelpName = "SECONDS", Description = "How long the holder has to confirm a signature", DefaultValueFactory = _ => 120 };
        var p12 = new Option<FileInfo?>("--p12") { HelpName = "FILE", Description = "PKCS#12 file with the EDS key and certificate" };
        var key = new Option<string?>("--key") { HelpName = "FILE|LABEL", Description = "A key container (bign NAME.key, PEM ENCRYPTED PRIVATE KEY) with --certificate; with --pkcs11, the label of the key on the token" };
        var certificate = new Option<FileInfo?>("--certificate") { HelpName = "FILE", Description = "With --key: the certificate of that key (PEM or DER)" };
        var token = new TokenOptions(key);
        var command = new Command("agent", "Run the local signing agent the NPES web pages sign login, handover and refusal statements through")
        {
            origins, port, timeout, p12, key, certificate,
        };
        foreach (var option in token.All.Where(o => o != token.Pin))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = Settings(parseResult.GetValue(origins) ?? [], globals.ServerUri(parseResult), parseResult.GetValue(port), parseResult.GetValue(timeout));
            var (open, secretName) = KeyOpener(environment, token, parseResult, parseResult.GetValue(p12), parseResult.GetValue(key), parseResult.GetValue(certificate));
            using var terminal = new AgentTerminal(Console.IsInputRedirected ? Console.In : null, environment.Error);
            var secret = await terminal.ReadSecretAsync($"To start the agent, type {secretName}: ", TimeSpan.FromMinutes(5), cancellationToken, discardEarlier: false)
                ?? throw new CliException("The agent needs the key's PIN or password typed in its terminal.") { ExitCode = 2 };
            AgentKey agentKey;
            try
            {
                agentKey = new AgentKey(open, secretName, secret);
            }
            finally
            {
                AgentTerminal.Wipe(secret);
            }

            using (agentKey)
            {
                SigningAgent agent;
                try
                {
                    agent = await SigningAgent.StartAsync(settings, agentKey, terminal, TimeProvider.System, cancellationToken);
                }
                catch (IOException e)
                {
                    throw new CliException($"Cannot listen on 127.0.0.1:{settings.Port} ({e.Message}); is another agent running? Choose another with --port.", e);
                }

                await using var running = agent;
                await environment.Output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"npes agent on {agent.Address} for {string.Join(", ", settings.Origins)}, signing as {agentKey.Certificate.Subject}; Ctrl+C stops it"));
                await environment.Output.FlushAsync(cancellationToken);
                await agent.WaitForShutdownAsync(cancellationToken);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The settings from the options; the origins are exact web origins (no path), the default the server's.</summary>
    internal static AgentSettings Settings(IReadOnlyList<string> origins, Uri server, int port, int timeoutSeconds)
    {
        var chosen = origins.Count > 0 ? origins : [server.GetLeftPart(UriPartial.Authority)];
        if (chosen.FirstOrDefault(o => !LoginStatement.IsOrigin(o)) is { } wrong)
        {
            throw new CliException($"--origin {wrong}: give an origin as scheme://host[:port], without a path or a trailing slash.") { ExitCode = 2 };
        }

        if (port is < 0 or > 65535)
        {
            throw new CliException("--port is a TCP port (1-65535, or 0 for a free one).") { ExitCode = 2 };
        }

        if (timeoutSeconds is < 5 or > 600)
        {
            throw new CliException("--timeout is between 5 and 600 seconds.") { ExitCode = 2 };
        }

        return new AgentSettings(port, chosen.ToHashSet(StringComparer.Ordinal), TimeSpan.FromSeconds(timeoutSeconds));
    }

    /// <summary>How the agent opens its key with a typed secret, and what that secret is called in prompts.</summary>
    private static (Func<char[], SigningKey> Open, string SecretName) KeyOpener(
        CliEnvironment environment, TokenOptions token, ParseResult parseResult, FileInfo? p12, string? key, FileInfo? certificate)
    {
        if (token.Reference(parseResult) is { } reference)
        {
            if (p12 is not null || certificate is not null)
            {
                throw new CliException("--pkcs11 signs with a key on a token; --p12 and --certificate are for key files.") { ExitCode = 2 };
            }

            Pkcs11Options options;
            try
            {
                options = Pkcs11Options.ParseMechanisms(environment.Variable(TokenOptions.MechanismsVariable));
            }
            catch (ArgumentException e)
            {
                throw new CliException($"{TokenOptions.MechanismsVariable}: {e.Message}", e) { ExitCode = 2 };
            }

            return (pin => pin.Length > Pkcs11TokenKey.MaxPinLength
                    ? throw new CliException($"A PIN has at most {Pkcs11TokenKey.MaxPinLength} characters.")
                    : SigningKey.OpenToken(reference, pin, options),
                $"the PIN of token {reference.TokenDescription}");
        }

        return (p12, key, certificate) switch
        {
            ({ } file, null, null) => (secret => SigningKey.Open(file, new string(secret)), $"the password of {file.Name}"),
            (null, { } container, { } itsCertificate) => (secret => SigningKey.Open(new FileInfo(container), itsCertificate, new string(secret)), $"the password of {Path.GetFileName(container)}"),
            (null, null, null) => throw new CliException("Give the agent's EDS key: --p12 FILE, --key FILE with --certificate FILE, or --pkcs11 MODULE with --token LABEL.") { ExitCode = 2 },
            _ => throw new CliException("Give either --p12 FILE, or --key FILE with --certificate FILE.") { ExitCode = 2 },
        };
    }
}
