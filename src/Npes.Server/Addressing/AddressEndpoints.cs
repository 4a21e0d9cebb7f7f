using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npes.Addressing.Model;
using Npes.Addressing.Parsing;
using Npes.Contracts;
using Npes.Core.Addressing;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Core.Options;

namespace Npes.Server.Addressing;

internal static class AddressEndpoints
{
    /// <summary>Largest accepted request body.</summary>
    public const int MaxBodyBytes = 4 * 1024;

    /// <summary>
    /// Letters' routing: the resolver over the in-memory directory of confirmed mailbox addresses, kept current by the
    /// directory's change log (<see cref="MailboxDirectoryWatcher"/>); the address API's settings.
    /// </summary>
    public static IServiceCollection AddRecipientDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AddressApiOptions>(configuration, AddressApiOptions.Section);
        services.AddSingleton<DirectoryRecipientResolver>();
        services.AddSingleton<IRecipientResolver>(sp => sp.GetRequiredService<DirectoryRecipientResolver>());
        services.AddHostedService<MailboxDirectoryWatcher>();
        return services;
    }

    public static IEndpointRouteBuilder MapAddressEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var permits = services.GetRequiredService<IOptions<AddressApiOptions>>().Value.ParsePermitsPerMinute;
        var limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(limiter.Dispose);

        var group = endpoints.MapGroup("/api/v1/addresses")
            .WithTags("Addresses")
            .AllowAnonymous();

        group.MapPost("/parse", (HttpContext context, AddressParser parser, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
                ParseAsync(context, parser, limiter, json.Value.SerializerOptions, cancellationToken))
            .WithName("ParseAddress")
            .WithSummary("Split a Belarusian postal address into its components")
            .WithDescription("Public and rate-limited per client IP. Accepts Russian, Belarusian and Latin spellings, type words before or after names, "
                + "compact house forms (\"65-12\", \"5 к2 кв7\"). The body is at most 4 KB; the address at most 500 characters.")
            .Accepts<ParseAddressRequest>("application/json")
            .Produces<ParsedAddressDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        endpoints.MapPost("/api/v1/addresses/resolve-preview", PreviewAsync)
            .WithTags("Addresses")
            .RequireAuthorization(Roles.OperatorPolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(4 * 1024))
            .WithName("PreviewResolution")
            .WithSummary("Operators: where would a letter to this name and address go (a mailbox, or paper with the reason)?")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }

    private static async Task<Ok<ResolutionPreviewDto>> PreviewAsync(ResolvePreviewRequest request, Npes.Core.Addressing.IRecipientResolver resolver, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 300 || string.IsNullOrWhiteSpace(request.Address) || request.Address.Length > 500)
        {
            throw new NpesException(NpesErrors.ValidationFailed, "'name' (1–300 characters) and 'address' (1–500 characters) are required.");
        }

        var resolution = await resolver.ResolveAsync(new Npes.Core.Addressing.RecipientQuery(name, request.Address.Trim(), string.IsNullOrWhiteSpace(request.Unp) ? null : request.Unp.Trim()), cancellationToken);
        return TypedResults.Ok(new ResolutionPreviewDto(resolution.Outcome.Name(), resolution.MailboxId, resolution.Reason));
    }

    // The limit is taken before the body is read, so neither large nor malformed bodies escape it.
    private static async Task<Results<Ok<ParsedAddressDto>, ProblemHttpResult>> ParseAsync(
        HttpContext context, AddressParser parser, PartitionedRateLimiter<HttpContext> limiter, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        using var lease = limiter.AttemptAcquire(context);
        if (!lease.IsAcquired)
        {
            if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return Problems.Result(NpesErrors.RateLimited, "Too many address requests from this client; wait a minute.");
        }

        if (!context.Request.HasJsonContentType())
        {
            return Problems.Result(NpesErrors.UnsupportedMediaType);
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Problems.Result(NpesErrors.TooLarge, $"The body must be at most {MaxBodyBytes} bytes.");
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var length = await context.Request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (length > MaxBodyBytes)
        {
            return Problems.Result(NpesErrors.TooLarge, $"The body must be at most {MaxBodyBytes} bytes.");
        }

        ParseAddressRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ParseAddressRequest>(buffer.AsSpan(0, length), json);
        }
        catch (JsonException)
        {
            return Problems.Result(NpesErrors.ValidationFailed, "The body must be a JSON object {\"text\": \"…\"}.");
        }

        if (string.IsNullOrWhiteSpace(request?.Text))
        {
            return Problems.Result(NpesErrors.ValidationFailed, "\"text\" must hold the address to parse.");
        }

        var result = parser.Parse(request.Text);
        return result.Succeeded
            ? TypedResults.Ok(ParsedAddress(result))
            : Problems.Result(NpesErrors.AddressUnparseable, result.Error);
    }

    private static ParsedAddressDto ParsedAddress(AddressParseResult result)
    {
        var a = result.Address!;
        return new(a.Postcode, a.Region, a.District, a.Selsovet, Name(a.SettlementType), a.Settlement, Name(a.StreetType), a.Street,
            a.House, a.Building, Name(a.UnitType), a.Unit, AddressFormatter.Format(a), result.Unrecognised);
    }

    private static string? Name<T>(T? value)
        where T : struct, Enum =>
        value is null ? null : JsonNamingPolicy.CamelCase.ConvertName(value.Value.ToString());
}

/// <summary>Configuration section <c>Npes:Addressing</c> of the address API and the recipient directory.</summary>
internal sealed class AddressApiOptions : IValidatedOptions
{
    public const string Section = "Npes:Addressing";

    /// <summary>Parse requests a client IP may make per minute.</summary>
    public int ParsePermitsPerMinute { get; set; } = 60;

    /// <summary>How often a server looks at the recipient directory's change log when no notification came.</summary>
    public TimeSpan DirectoryPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<string> Validate()
    {
        if (ParsePermitsPerMinute is < 1 or > 100_000)
        {
            yield return "Npes:Addressing:ParsePermitsPerMinute must be 1..100000.";
        }

        if (DirectoryPollInterval < TimeSpan.FromMilliseconds(100) || DirectoryPollInterval > TimeSpan.FromDays(1))
        {
            yield return "Npes:Addressing:DirectoryPollInterval must be between 100 ms and 1 day.";
        }
    }
}
