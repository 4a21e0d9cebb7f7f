namespace Npes.MobileEdsSimulator;

/// <summary>
/// <c>dotnet run --project tools/Npes.MobileEdsSimulator</c>: the mobile EDS simulator on <c>http://127.0.0.1:5090</c>
/// (settings in simulator.settings.json beside the program, section <c>Simulator</c>; docs/mobile-eds.md).
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "simulator.settings.json"), optional: true);
        builder.Configuration.AddEnvironmentVariables().AddCommandLine(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5090");
        }

        SimulatorHost.Configure(builder, null, null);
        var app = builder.Build();
        SimulatorHost.MapEndpoints(app);
        await app.RunAsync();
    }
}
