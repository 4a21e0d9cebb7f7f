using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Npes.SmsSimulator;

/// <summary>Section <c>Simulator</c>.</summary>
internal sealed class SmsSimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>The bearer token the gateway expects (none: any caller).</summary>
    public string? Token { get; set; }

    /// <summary>Numbers starting with one of these are refused for good (HTTP 422, unknown subscriber).</summary>
    public List<string> UnreachablePrefixes { get; set; } = ["+375000"];
}

/// <summary>One message a phone received.</summary>
internal sealed record SmsMessage(string Id, string From, string To, string Text, string Reference, DateTimeOffset ReceivedAt);

/// <summary>The gateway's state: the messages received, and whether it is (made) unavailable.</summary>
internal sealed class SmsGatewayState(SmsSimulatorOptions options)
{
    private readonly ConcurrentDictionary<string, SmsMessage> _byReference = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SmsMessage> _messages = new();
    private int _serial;

    public SmsSimulatorOptions Options { get; } = options;

    /// <summary>While set, every request is answered 503 (an outage).</summary>
    public bool Down { get; set; }

    public IReadOnlyList<SmsMessage> Messages => [.. _messages];

    /// <summary>Stores a message; a repeat of a reference (a retry after a lost answer) returns the first.</summary>
    public SmsMessage Accept(string from, string to, string text, string reference) =>
        _byReference.GetOrAdd(reference, _ =>
        {
            var message = new SmsMessage("sim-" + Interlocked.Increment(ref _serial).ToString(CultureInfo.InvariantCulture), from, to, text, reference, DateTimeOffset.UtcNow);
            _messages.Enqueue(message);
            return message;
        });
}

/// <summary>
/// The SMS gateway simulator as a web application: run by <see cref="Program"/>, or in-process by tests through
/// <see cref="StartAsync"/> on a free loopback port.
/// </summary>
internal sealed class SmsSimulatorHost : IAsyncDisposable
{
    private const int MaxTextChars = 1600;
    private const int MaxFieldChars = 64;

    private readonly WebApplication _app;

    private SmsSimulatorHost(WebApplication app, Uri url, SmsGatewayState state)
    {
        _app = app;
        Url = url;
        State = state;
    }

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234/</c>; messages are POSTed to <c>{Url}messages</c>.</summary>
    public Uri Url { get; }

    public SmsGatewayState State { get; }

    public static async Task<SmsSimulatorHost> StartAsync(SmsSimulatorOptions options, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var state = new SmsGatewayState(options);
        Configure(builder, state);
        var app = builder.Build();
        MapEndpoints(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SmsSimulatorHost(app, new Uri(address.TrimEnd('/') + "/"), state);
    }

    public static void Configure(WebApplicationBuilder builder, SmsGatewayState state)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(state);
        builder.Services.AddProblemDetails();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 16 * 1024);
    }

    public static void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/messages", Send);
        endpoints.MapGet("/messages", (string? to, SmsGatewayState state) =>
            TypedResults.Ok(state.Messages.Where(m => to is null || m.To == to).ToList()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Results<Created<SendResponse>, ProblemHttpResult> Send(SendRequest request, HttpContext context, SmsGatewayState state)
    {
        if (state.Down)
        {
            return TypedResults.Problem("The gateway is unavailable.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (state.Options.Token is { Length: > 0 } token && context.Request.Headers.Authorization.ToString() != "Bearer " + token)
        {
            return TypedResults.Problem("Unknown account.", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (request.To is not { Length: > 0 and <= MaxFieldChars } to || request.Text is not { Length: > 0 and <= MaxTextChars } text
            || request.From is not { Length: > 0 and <= MaxFieldChars } from || request.Reference is not { Length: > 0 and <= MaxFieldChars } reference)
        {
            return TypedResults.Problem($"'from', 'to', 'reference' (at most {MaxFieldChars}) and 'text' (at most {MaxTextChars}) are required.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (state.Options.UnreachablePrefixes.Any(p => to.StartsWith(p, StringComparison.Ordinal)))
        {
            return TypedResults.Problem("Unknown subscriber.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var message = state.Accept(from, to, text, reference);
        return TypedResults.Created($"/messages/{message.Id}", new SendResponse(message.Id));
    }

    internal sealed record SendRequest(string? From, string? To, string? Text, string? Reference);

    internal sealed record SendResponse(string Id);
}
