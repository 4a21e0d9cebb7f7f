using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Npes.MobileEdsSimulator;

/// <summary>
/// The mobile EDS simulator as a web application: run by <see cref="Program"/>, or in-process by tests through
/// <see cref="StartAsync"/> on a free loopback port.
/// </summary>
internal sealed class SimulatorHost : IAsyncDisposable
{
    private const int MaxDataBytes = 4096;
    private const int MaxPhoneChars = 32;
    private const int MaxDisplayTextChars = 200;

    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts a simulator on 127.0.0.1:<paramref name="port"/> (0: any free port) with the given settings.</summary>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, TimeProvider? time = null, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        Configure(builder, options, time);
        var app = builder.Build();
        MapEndpoints(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Registers the simulator's services; <paramref name="options"/> null binds the <c>Simulator</c> section.</summary>
    public static void Configure(WebApplicationBuilder builder, SimulatorOptions? options, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (options is null)
        {
            builder.Services.AddOptions<SimulatorOptions>().Bind(builder.Configuration.GetSection(SimulatorOptions.Section));
        }
        else
        {
            builder.Services.AddSingleton(Options.Create(options));
        }

        builder.Services.AddSingleton(sp => new SigningRequests(sp.GetRequiredService<IOptions<SimulatorOptions>>().Value, time ?? TimeProvider.System));
        builder.Services.AddProblemDetails();
    }

    /// <summary>The protocol of docs/mobile-eds.md.</summary>
    public static void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/phones/{phone}/certificate", CertificateOf);
        endpoints.MapGet("/phones/{phone}/requests", PendingOf);
        endpoints.MapPost("/requests", Start);
        endpoints.MapGet("/requests/{id}", Status);
        endpoints.MapPost("/requests/{id}/confirm", (string id, SigningRequests requests) => Answer(id, confirm: true, requests));
        endpoints.MapPost("/requests/{id}/refuse", (string id, SigningRequests requests) => Answer(id, confirm: false, requests));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Results<Ok<CertificateResponse>, ProblemHttpResult> CertificateOf(string phone, SigningRequests requests) =>
        requests.CertificateOf(phone) is { } certificate
            ? TypedResults.Ok(new CertificateResponse(Convert.ToBase64String(certificate.RawData)))
            : TypedResults.Problem($"Phone {phone} has no mobile EDS.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// The phone's screen: its pending requests with their text and, when the data to sign is readable text (NPES'
    /// statements are), that text in full — the holder sees exactly what the key signs (purpose, server, letter), oldest first.
    /// </summary>
    private static Ok<List<PendingResponse>> PendingOf(string phone, SigningRequests requests) =>
        TypedResults.Ok(requests.PendingOf(phone).Select(r => new PendingResponse(r.Id, r.Request.DisplayText, StatementText(r.Request.Data), r.Request.CreatedAt)).ToList());

    private static string? StatementText(byte[] data)
    {
        try
        {
            var text = new System.Text.UTF8Encoding(false, true).GetString(data);
            return text.All(c => c == '\n' || !char.IsControl(c)) ? text : null;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    private static Results<Created<StartResponse>, ProblemHttpResult> Start(StartRequest request, SigningRequests requests)
    {
        if (request.Phone is not { Length: > 0 and <= MaxPhoneChars } phone
            || request.DisplayText is not { Length: > 0 and <= MaxDisplayTextChars } text
            || request.DataToBeSigned is not { Length: > 0 and <= MaxDataBytes * 2 } encoded)
        {
            return TypedResults.Problem("'phone', 'dataToBeSigned' (base64) and 'displayText' are required and bounded.", statusCode: StatusCodes.Status400BadRequest);
        }

        var data = new byte[MaxDataBytes];
        if (!Convert.TryFromBase64String(encoded, data, out var length) || length == 0)
        {
            return TypedResults.Problem($"'dataToBeSigned' must be base64 of 1 to {MaxDataBytes} bytes.", statusCode: StatusCodes.Status400BadRequest);
        }

        var id = requests.Start(phone, data[..length], text);
        return id is null
            ? TypedResults.Problem($"Phone {phone} has no mobile EDS.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Created($"/requests/{id}", new StartResponse(id));
    }

    private static Results<Ok<StatusResponse>, ProblemHttpResult> Status(string id, SigningRequests requests)
    {
        if (requests.Find(id) is not { } request)
        {
            return TypedResults.Problem("No such request.", statusCode: StatusCodes.Status404NotFound);
        }

        var signed = request.Status == "signed";
        return TypedResults.Ok(new StatusResponse(
            request.Status,
            request.Phone,
            request.DisplayText,
            signed ? Convert.ToBase64String(request.Signature!) : null,
            signed ? Convert.ToBase64String(request.Certificate.RawData) : null));
    }

    private static Results<Ok<StatusResponse>, ProblemHttpResult> Answer(string id, bool confirm, SigningRequests requests)
    {
        if (requests.Find(id) is null)
        {
            return TypedResults.Problem("No such request.", statusCode: StatusCodes.Status404NotFound);
        }

        return requests.Answer(id, confirm)
            ? Status(id, requests)
            : TypedResults.Problem("The request is no longer pending.", statusCode: StatusCodes.Status409Conflict);
    }

    internal sealed record CertificateResponse(string Certificate);

    internal sealed record StartRequest(string? Phone, string? DataToBeSigned, string? DisplayText);

    internal sealed record StartResponse(string RequestId);

    internal sealed record PendingResponse(string RequestId, string DisplayText, string? Statement, DateTimeOffset CreatedAt);

    internal sealed record StatusResponse(string Status, string Phone, string DisplayText, string? Signature, string? Certificate);
}
