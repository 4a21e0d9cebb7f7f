using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Npes.Core.Errors;
using Npes.Core.Time;
using Npes.Core.Http;
using Npes.Eds;
using Npes.Eds.Cms;

namespace Npes.Server.Hosting;

internal static class HostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Console logs (readable in Development, structured JSON elsewhere), the default URL, problem+json, OpenAPI, health checks.</summary>
    public static WebApplicationBuilder AddNpesHosting(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.IncludeScopes = false;
                options.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = false;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

                // Logs are not HTML: keep Cyrillic names readable instead of \uXXXX escapes.
                options.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }

        // --urls, ASPNETCORE_URLS and the launch profile win; this is only the fallback.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_HTTP_PORTS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        // The listener admits at most the largest request any endpoint takes (a letter submission, which follows
        // Npes:Documents); every endpoint group sets its own, smaller limit.
        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<Npes.Documents.DocumentsOptions>>((kestrel, documents) => kestrel.Limits.MaxRequestBodySize = documents.Value.MaxRequestBytes);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        OperatorCalendar.Add(services, builder.Configuration);
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<NpesExceptionHandler>();
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "NPES API";
            document.Info.Description = "Secure hybrid e-post exchange: registered e-letters, e-mailboxes and the paper leg. "
                + "Every refusal is application/problem+json with a stable `code`.";
            document.Info.Version = "v1";
            return Task.CompletedTask;
        }).AddOperationTransformer<UnavailableResponse>());
        // Trust material paths in configuration are relative to the working tree, like every other path.
        services.PostConfigure<EdsOptions>(options =>
        {
            foreach (var list in new[] { options.TrustAnchors, options.Intermediates, options.Crls, options.RevocationOptional })
            {
                for (var i = 0; i < list.Count; i++)
                {
                    list[i] = Paths.Resolve(list[i]);
                }
            }
        });
        services.PostConfigure<EvidenceOptions>(options =>
        {
            for (var i = 0; i < options.OperatorCertificates.Count; i++)
            {
                options.OperatorCertificates[i] = Paths.Resolve(options.OperatorCertificates[i]);
            }
        });
        RevocationRefresh.Add(services);
        services.PostConfigure<OperatorOptions>(options => options.SigningKey = options.SigningKey is null ? null : Paths.Resolve(options.SigningKey));
        services.PostConfigure<TsaOptions>(options => options.Key = options.Key is null ? null : Paths.Resolve(options.Key));
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"])
            .AddCheck<PostgresProcessCheck>("postgres-process", tags: ["ready"])
            .AddCheck<DocumentsReadyCheck>("documents", tags: ["ready"]);
        services.AddHostedService<DatabaseStartup>();
        return builder;
    }

    public static WebApplication UseNpesHosting(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null)
            {
                return;
            }

            var error = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => NpesErrors.NotFound,
                StatusCodes.Status401Unauthorized => NpesErrors.Unauthenticated,
                StatusCodes.Status403Forbidden => NpesErrors.Forbidden,
                StatusCodes.Status413PayloadTooLarge => NpesErrors.TooLarge,
                StatusCodes.Status405MethodNotAllowed => NpesErrors.MethodNotAllowed,
                StatusCodes.Status415UnsupportedMediaType => NpesErrors.UnsupportedMediaType,
                _ => new NpesError("npes.http." + response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), response.StatusCode, "The request failed."),
            };
            await Problems.WriteAsync(context.HttpContext, error, null);
        });
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "NPES API v1");
            options.RoutePrefix = "docs";
            options.DocumentTitle = "NPES API";
        });
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).WithTags("Health");
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthResponse.WriteAsync }).WithTags("Health");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : "(test server)";

            // A second server started over the same private cluster folder is refused with these addresses.
            app.Services.GetRequiredService<Npes.Storage.NpesDatabase>().RecordOwnerAddresses(addresses);
            app.Logger.LogInformation("NPES is listening on {Urls}; OpenAPI at /openapi/v1.json, API docs at /docs, readiness at /health/ready", addresses);
        });
        return app;
    }
}
