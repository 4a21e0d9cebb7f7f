using System.CommandLine;
using Npes.Cli.Commands;

namespace Npes.Cli;

/// <summary>The <c>npes</c> command: builds the command tree and turns every failure into a message and an exit code.</summary>
public static class NpesCli
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var globals = new GlobalOptions(environment);
        var root = new RootCommand("npes — command line of NPES, the secure hybrid e-post exchange server.");
        root.Options.Add(globals.Server);
        root.Options.Add(globals.Profile);
        root.Subcommands.Add(MigrateCommand.Create(environment));
        root.Subcommands.Add(PkiCommand.Create(environment));
        root.Subcommands.Add(LoginCommand.Create(environment, globals));
        root.Subcommands.Add(AgentCommand.Create(environment, globals));
        root.Subcommands.Add(MailboxCommand.Create(environment, globals));
        root.Subcommands.Add(ContactsCommand.Create(environment, globals));
        root.Subcommands.Add(SendCommand.Create(environment, globals));
        root.Subcommands.Add(LetterCommand.Create(environment, globals));
        root.Subcommands.Add(InboxCommand.CreateInbox(environment, globals));
        root.Subcommands.Add(InboxCommand.CreateReceive(environment, globals));
        root.Subcommands.Add(InboxCommand.CreateRefuse(environment, globals));
        root.Subcommands.Add(ReceiptCommand.Create(environment, globals));
        root.Subcommands.Add(BundleCommand.Create(environment, globals));
        root.Subcommands.Add(EvidenceCommand.Create(environment, globals));
        root.Subcommands.Add(CryptoCommand.Create(environment));
        root.Subcommands.Add(AddressCommand.Create(environment));
        root.Subcommands.Add(PrintCommand.Create(environment, globals));

        var configuration = new InvocationConfiguration
        {
            Output = environment.Output,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await root.Parse(args).InvokeAsync(configuration);
        }
        catch (CliException e)
        {
            await environment.Error.WriteLineAsync("npes: " + e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await environment.Error.WriteLineAsync("npes: cancelled.");
            return 130;
        }
    }
}

/// <summary>Options every command understands.</summary>
internal sealed class GlobalOptions
{
    public GlobalOptions(CliEnvironment environment)
    {
        Server = new Option<string>("--server")
        {
            Description = "NPES server URL (environment NPES_SERVER; default " + NpesCli.DefaultServer + ")",
            Recursive = true,
            DefaultValueFactory = _ => environment.Variable("NPES_SERVER") is { Length: > 0 } fromEnvironment ? fromEnvironment : NpesCli.DefaultServer,
        };
        Profile = new Option<string>("--profile")
        {
            Description = "Name of the saved identity to use (several can sit side by side)",
            Recursive = true,
            DefaultValueFactory = _ => "default",
        };
    }

    public Option<string> Server { get; }

    public Option<string> Profile { get; }

    public Uri ServerUri(ParseResult parseResult)
    {
        var text = parseResult.GetValue(Server)!;
        return Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new CliException($"--server '{text}' is not an http(s) URL.") { ExitCode = 2 };
    }
}
