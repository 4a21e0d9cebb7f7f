using Npes.Addressing;
using Npes.Eds;
using Npes.Server.Addressing;
using Npes.Server.Auth;
using Npes.Server.Demo;
using Npes.Server.Evidence;
using Npes.Server.Hosting;
using Npes.Server.Inbox;
using Npes.Server.Letters;
using Npes.Server.Mailboxes;
using Npes.Server.MobileEds;
using Npes.Server.Print;
using Npes.Server.Web;
using Npes.Server.Webhooks;
using Npes.Storage;
using Npes.Storage.Postgres;

// Settings files sit beside the program, so the server behaves the same from any working folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddNpesHosting();
builder.Services.AddNpesStorage(builder.Configuration);
builder.Services.AddEds(builder.Configuration);
builder.Services.AddNpesDemo(builder.Configuration);
builder.Services.AddNpesAuth(builder.Configuration);
builder.Services.AddNpesMobileEds(builder.Configuration);
builder.Services.AddMailboxes();
builder.Services.AddAddressing();
builder.Services.AddLetters(builder.Configuration);
builder.Services.AddWebhooks(builder.Configuration);
builder.Services.AddPrintShop(builder.Configuration);
builder.Services.AddNpesWeb();

var app = builder.Build();
app.UseNpesHosting();
app.UseNpesWeb();
app.UseAuthentication();
app.UseAuthorization();
app.MapAuthEndpoints();
app.MapMailboxEndpoints();
app.MapAddressEndpoints();
app.MapLetterEndpoints();
app.MapInboxEndpoints();
app.MapMobileEdsEndpoints();
app.MapWebhookEndpoints();
app.MapEvidenceEndpoints();
app.MapPrintEndpoints();
app.MapVerifyEndpoints();
app.MapNpesWeb();

try
{
    await app.RunAsync();
    return 0;
}
catch (PostgresUnavailableException e)
{
    await Console.Error.WriteLineAsync("npes: cannot start: " + e.Message);
    return 2;
}

/// <summary>The host; public for the integration tests' WebApplicationFactory.</summary>
public partial class Program;
