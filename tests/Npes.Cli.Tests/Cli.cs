using System.Text.Json;
using Npes.Server.Tests;

namespace Npes.Cli.Tests;

/// <summary>Runs the real <c>npes</c> command tree in-process, with its own NPES_HOME and, optionally, the test host as transport.</summary>
internal sealed class Cli : IDisposable
{
    private readonly Dictionary<string, string?> _variables;
    private readonly HttpMessageHandler? _handler;

    public Cli(HttpMessageHandler? handler = null, Dictionary<string, string?>? variables = null)
    {
        _handler = handler;
        Home = Path.Combine(Path.GetTempPath(), "npes-cli-home-" + Guid.NewGuid().ToString("N"));
        _variables = variables ?? [];
        _variables["NPES_HOME"] = Home;
    }

    public string Home { get; }

    /// <summary>What a prompt for a secret (a token's PIN) gets typed; by default nothing can be typed (null).</summary>
    public Func<string, char[]?> ReadSecret { get; set; } = _ => null;

    /// <summary>A scratch folder inside the CLI home, deleted with it.</summary>
    public string Work => Directory.CreateDirectory(Path.Combine(Home, "work")).FullName;

    public async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error)
        {
            Variable = name => _variables.GetValueOrDefault(name),
            HttpHandler = _handler,
            ReadSecret = ReadSecret,
        };
        var exit = await NpesCli.RunAsync(args, environment);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>
    /// The profile registers a mailbox at <paramref name="address"/> and confirms it with the code <paramref name="app"/>
    /// sent on paper, as its owner types it in.
    /// </summary>
    public async Task ConfirmMailboxAsync(NpesApp app, string profile, string address)
    {
        var register = await RunAsync("mailbox", "register", "--address", address, "--profile", profile);
        Assert.True(register.Exit == 0, register.Error);

        var show = await RunAsync("mailbox", "show", "--json", "--profile", profile);
        var added = JsonDocument.Parse(show.Output).RootElement.GetProperty("addresses")[0];
        var code = await PaperCodes.ReadAsync(app, added.GetProperty("confirmationLetterId").GetGuid());
        var confirm = await RunAsync("mailbox", "confirm", "--address", added.GetProperty("id").GetString()!, "--code", code, "--profile", profile);
        Assert.True(confirm.Exit == 0, confirm.Error);
        Assert.Contains("[confirmed]", confirm.Output, StringComparison.Ordinal);
    }

    /// <summary><c>npes send</c> of one test PDF as <paramref name="profile"/>, with extra <paramref name="options"/>; returns the letter id.</summary>
    public async Task<string> SendAsync(string profile, string toName, string toAddress, params string[] options)
    {
        var document = Path.Combine(Work, "letter.pdf");
        await File.WriteAllBytesAsync(document, TestDocuments.Pdf());
        var send = await RunAsync(["send", "--profile", profile, "--to-name", toName, "--to-address", toAddress, "--file", document, "--json", .. options]);
        Assert.True(send.Exit == 0, send.Error);
        return JsonDocument.Parse(send.Output).RootElement.GetProperty("id").GetString()!;
    }

    public void Dispose()
    {
        if (Directory.Exists(Home))
        {
            Directory.Delete(Home, recursive: true);
        }
    }
}
