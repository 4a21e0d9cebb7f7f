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

    public async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error)
        {
            Variable = name => _variables.GetValueOrDefault(name),
            HttpHandler = _handler,
        };
        var exit = await NpesCli.RunAsync(args, environment);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        if (Directory.Exists(Home))
        {
            Directory.Delete(Home, recursive: true);
        }
    }
}
