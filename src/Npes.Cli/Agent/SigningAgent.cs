using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npes.Core.Errors;
using Npes.Core.Http;

namespace Npes.Cli.Agent;

/// <summary>The agent's settings: where it listens, which web origins it serves, how long a holder has to confirm.</summary>
internal sealed record AgentSettings(int Port, IReadOnlySet<string> Origins, TimeSpan ConfirmTimeout)
{
    public const int DefaultPort = 7386;
    public const int MaxRequestBytes = 8 * 1024;
}

/// <summary>
/// <c>npes agent</c>: a signing service on 127.0.0.1 for the NPES web pages. It answers only requests addressed to
/// 127.0.0.1 or localhost (no DNS rebinding) that come from one of the configured NPES origins (CORS, with Private
/// Network Access); it signs only NPES login statements for exactly the asking origin and handover or refusal
/// statements (<see cref="AgentStatements"/>); it shows the holder what they are about to sign and signs only when the
/// holder types the PIN or password in its terminal within the time allowed. One signature at a time; requests are
/// small and bounded.
/// </summary>
internal sealed class SigningAgent : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IDisposable _service;

    private SigningAgent(WebApplication app, IDisposable service, Uri address)
    {
        _app = app;
        _service = service;
        Address = address;
    }

    /// <summary>Where the agent listens (with the port chosen when 0 was asked for).</summary>
    public Uri Address { get; }

    public static async Task<SigningAgent> StartAsync(AgentSettings settings, AgentKey key, AgentTerminal terminal, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = AgentSettings.MaxRequestBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxConcurrentConnections = 32;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Listen(IPAddress.Loopback, settings.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        var service = new AgentService(settings, key, terminal, time);
        app.Use(service.GuardAsync);
        app.MapGet("/v1/identity", service.Identity);
        app.MapPost("/v1/sign", service.SignAsync);
        app.MapFallback(context => Problems.WriteAsync(context, NpesErrors.AgentRequestInvalid, "The agent answers GET /v1/identity and POST /v1/sign."));
        await app.StartAsync(cancellationToken);
        var bound = app.Urls.Select(url => new Uri(url)).First();
        var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{bound.Port}/"));
        await WarmUpAsync(address, cancellationToken);
        return new SigningAgent(app, service, address);
    }

    /// <summary>
    /// One request to itself (refused: it names no origin) before the agent says it is listening, so that the page's
    /// first question is answered at once rather than after the request pipeline is first compiled.
    /// </summary>
    private static async Task WarmUpAsync(Uri address, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var response = await http.GetAsync(new Uri(address, "v1/identity"), cancellationToken);
        }
        catch (HttpRequestException)
        {
            // Only a warm-up; the agent answers the pages all the same.
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // As above: a slow first answer is no reason not to start.
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _service.Dispose();
    }

    private sealed class AgentService(AgentSettings settings, AgentKey key, AgentTerminal terminal, TimeProvider time) : IDisposable
    {
        private readonly SemaphoreSlim _oneAtATime = new(1, 1);

        public void Dispose() => _oneAtATime.Dispose();

        /// <summary>Host and origin first, for every request, preflight included; CORS headers only for an allowed origin.</summary>
        public async Task GuardAsync(HttpContext context, RequestDelegate next)
        {
            var host = context.Request.Host;
            if (host.Host is not ("127.0.0.1" or "localhost" or "[::1]") || host.Port is null)
            {
                await Problems.WriteAsync(context, NpesErrors.AgentHostRefused, null);
                return;
            }

            var origin = context.Request.Headers.Origin.ToString();
            if (origin.Length == 0 || !settings.Origins.Contains(origin))
            {
                await Problems.WriteAsync(context, NpesErrors.AgentOriginRefused, origin.Length == 0 ? "The request names no origin." : $"{origin} is not an origin this agent serves.");
                return;
            }

            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = origin;
            headers.Vary = "Origin";
            headers.CacheControl = "no-store";
            if (HttpMethods.IsOptions(context.Request.Method))
            {
                headers.AccessControlAllowMethods = "GET, POST";
                headers.AccessControlAllowHeaders = "Content-Type";
                headers.AccessControlMaxAge = "600";
                headers["Access-Control-Allow-Private-Network"] = "true";
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            await next(context);
        }

        public IResult Identity() => Results.Json(new AgentIdentity(
            Convert.ToBase64String(key.Certificate.RawData),
            key.Certificate.Subject,
            key.Certificate.Issuer,
            key.Certificate.NotAfter.ToUniversalTime()));

        public async Task SignAsync(HttpContext context)
        {
            var origin = context.Request.Headers.Origin.ToString();
            byte[] statement;
            try
            {
                var request = await JsonSerializer.DeserializeAsync<AgentSignRequest>(context.Request.Body, JsonSerializerOptions.Web, context.RequestAborted);
                statement = Convert.FromBase64String(request?.Statement ?? throw new JsonException("no statement"));
            }
            catch (Exception e) when (e is JsonException or FormatException or Microsoft.AspNetCore.Http.BadHttpRequestException)
            {
                await Problems.WriteAsync(context, NpesErrors.AgentRequestInvalid, "Send {\"statement\": base64} of at most 8 KB.");
                return;
            }

            if (AgentStatements.Check(statement, origin, key.Thumbprint, time.GetUtcNow(), out var refusal) is not { } checkedStatement)
            {
                await Problems.WriteAsync(context, NpesErrors.AgentStatementRefused, refusal);
                return;
            }

            if (!await _oneAtATime.WaitAsync(0, context.RequestAborted))
            {
                context.Response.Headers.RetryAfter = "5";
                await Problems.WriteAsync(context, NpesErrors.AgentBusy, null);
                return;
            }

            try
            {
                await SignConfirmedAsync(context, checkedStatement, statement);
            }
            finally
            {
                _oneAtATime.Release();
            }
        }

        private async Task SignConfirmedAsync(HttpContext context, CheckedStatement statement, byte[] bytes)
        {
            await terminal.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""

                == {statement.Summary}
                   asked by {context.Request.Headers.Origin}, to be signed by {key.Certificate.Subject}
                {Indent(statement.Text)}
                """));
            var secret = await terminal.ReadSecretAsync(
                string.Create(CultureInfo.InvariantCulture, $"To sign, type {key.SecretName} and Enter (an empty line declines; {settings.ConfirmTimeout.TotalSeconds:0} s): "),
                settings.ConfirmTimeout,
                context.RequestAborted);
            try
            {
                if (secret is null)
                {
                    await terminal.Output.WriteLineAsync("   not confirmed in time: not signed.");
                    await Problems.WriteAsync(context, NpesErrors.AgentTimedOut, null);
                    return;
                }

                if (secret.Length == 0)
                {
                    await terminal.Output.WriteLineAsync("   declined: not signed.");
                    await Problems.WriteAsync(context, NpesErrors.AgentDeclined, null);
                    return;
                }

                byte[] signature;
                try
                {
                    signature = key.Sign(secret, bytes);
                }
                catch (CliException e)
                {
                    await terminal.Output.WriteLineAsync("   not signed: " + e.Message);
                    await Problems.WriteAsync(context, NpesErrors.AgentKeyFailed, e.Message);
                    return;
                }

                await terminal.Output.WriteLineAsync("   signed.");
                await context.Response.WriteAsJsonAsync(
                    new AgentSignResponse(Convert.ToBase64String(signature), Convert.ToBase64String(key.Certificate.RawData), statement.Purpose.ToString().ToLowerInvariant()),
                    JsonSerializerOptions.Web,
                    context.RequestAborted);
            }
            finally
            {
                AgentTerminal.Wipe(secret);
            }
        }

        private static string Indent(string text) =>
            string.Join(Environment.NewLine, text.TrimEnd('\n').Split('\n').Select(line => "   | " + line));
    }
}

/// <summary>The agent's certificate, for the page to ask the server for a login challenge bound to it.</summary>
internal sealed record AgentIdentity(string Certificate, string Subject, string Issuer, DateTime NotAfter);

internal sealed record AgentSignRequest(string? Statement);

/// <summary>The signature over exactly the statement's bytes, the certificate that made it, and the statement's purpose.</summary>
internal sealed record AgentSignResponse(string Signature, string Certificate, string Purpose);
