namespace Npes.SmsSimulator;

/// <summary>
/// <c>dotnet run --project tools/Npes.SmsSimulator</c>: an SMS gateway simulator on <c>http://127.0.0.1:5091</c>
/// speaking the gateway protocol of docs/notifications.md. Settings: section <c>Simulator</c> (Token, UnreachablePrefixes)
/// from the environment or the command line. <c>GET /messages</c> shows what the phones received.
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables().AddCommandLine(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5091");
        }

        var options = new SmsSimulatorOptions();
        builder.Configuration.GetSection(SmsSimulatorOptions.Section).Bind(options);
        SmsSimulatorHost.Configure(builder, new SmsGatewayState(options));
        var app = builder.Build();
        SmsSimulatorHost.MapEndpoints(app);
        await app.RunAsync();
    }
}
