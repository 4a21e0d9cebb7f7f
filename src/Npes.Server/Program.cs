using Npes.Addressing;
using Npes.Eds;
using Npes.Letters;
using Npes.Print;
using Npes.Server.Addressing;
using Npes.Server.Auth;
using Npes.Server.Demo;
using Npes.Server.Hosting;
using Npes.Server.MobileEds;
using Npes.Server.Web;
using Npes.Storage;
using Npes.Storage.Postgres;
using Npes.Webhooks;

// Settings files sit beside the program, so the server behaves the same from any working folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddNpesHosting();
builder.AddNpesJobs();
builder.Services.AddNpesStorage(builder.Configuration);
builder.Services.AddEds(builder.Configuration);
builder.Services.AddNpesDemo(builder.Configuration);
builder.Services.AddNpesAuth(builder.Configuration);
builder.Services.AddNpesMobileEds(builder.Configuration);
builder.Services.AddAddressing();
builder.Services.AddRecipientDirectory(builder.Configuration);
builder.Services.AddLetters(builder.Configuration);
builder.Services.AddWebhooks(builder.Configuration);
builder.Services.AddPrint(builder.Configuration);
builder.Services.AddNpesWeb(builder.Configuration);

var app = builder.Build();
try
{
    app.UseNpesHosting();
    app.UseNpesWeb();
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapAuthEndpoints();
    app.MapMailboxEndpoints();
    app.MapAddressEndpoints();
    app.MapLetterEndpoints();
    app.MapMobileEdsEndpoints();
    app.MapWebhookEndpoints();
    app.MapPrintEndpoints();
    app.MapJobsDashboard();
    app.MapNpesWeb();
    await app.RunAsync();
    return 0;
}
catch (DeploymentRefusedException e)
{
    await Console.Error.WriteLineAsync("npes: cannot start: " + e.Message);
    return 3;
}
catch (PostgresUnavailableException e)
{
    // The database (the private cluster, when none is configured) is reached while the endpoints are mapped or the host starts.
    await Console.Error.WriteLineAsync("npes: cannot start: " + e.Message);
    return 2;
}

/// <summary>The host; public for the integration tests' WebApplicationFactory.</summary>
public partial class Program;
