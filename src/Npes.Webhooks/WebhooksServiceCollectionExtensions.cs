using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npes.Letters.Evidence;

namespace Npes.Webhooks;

/// <summary>The webhooks feature: senders hear of every evidence event of their letters.</summary>
public static class WebhooksServiceCollectionExtensions
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.MaxAttempts is >= 1 and <= 100, "Npes:Webhooks:MaxAttempts must be between 1 and 100.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookDispatcher.CreateHandler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        services.AddSingleton<IWebhookStore, WebhookStore>();
        services.AddSingleton<IEvidenceHook, WebhookOutbox>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }

    /// <summary><c>/api/v1/webhook</c>: register, inspect and delete the sender's endpoint; recent deliveries.</summary>
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints) => WebhookEndpoints.Map(endpoints);
}
