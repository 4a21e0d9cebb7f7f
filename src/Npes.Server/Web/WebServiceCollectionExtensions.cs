using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Npes.Core.Errors;
using Npes.Documents;
using Microsoft.Extensions.FileProviders;
using Npes.Core.Http;
using Npes.Core.Options;
using Npes.Server.Auth;

namespace Npes.Server.Web;

/// <summary>The server-rendered web UI: citizens' mailbox, organisations' sent letters, the print-shop console.</summary>
internal static class WebServiceCollectionExtensions
{
    /// <summary>The pages' content security policy; they may connect to this server and to the local signing agent only.</summary>
    private static string ContentSecurityPolicy(string agentOrigin) =>
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' " + agentOrigin + "; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IServiceCollection AddNpesWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Web/Pages";
            options.Conventions.AuthorizeFolder("/Inbox", WebAuth.PartyPolicy);
            options.Conventions.AuthorizeFolder("/Sent", WebAuth.PartyPolicy);
            options.Conventions.AuthorizePage("/Mailbox", WebAuth.PartyPolicy);
            options.Conventions.AuthorizePage("/Contacts", WebAuth.PartyPolicy);
            options.Conventions.AuthorizeFolder("/Print", WebAuth.OperatorPolicy);
        });
        services.AddOptions<RazorPagesOptions>().Configure<IOptions<DocumentsOptions>>((options, documents) =>
            options.Conventions.AddPageApplicationModelConvention("/Sent/New", page =>
            {
                page.EndpointMetadata.Add(new RequestSizeLimitAttribute(documents.Value.MaxRequestBytes));
                page.EndpointMetadata.Add(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = documents.Value.MaxRequestBytes, ValueCountLimit = 64 });
            }));
        services.AddAuthentication()
            .AddCookie(WebAuth.Scheme, options =>
            {
                options.Cookie.Name = "npes.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.AccessDeniedPath = "/forbidden";
                options.SlidingExpiration = false;
                options.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = WebAuth.ValidateAsync,

                    // Pages outside the UI (the jobs dashboard) answer 401 and 403 instead of redirecting to the login page.
                    OnRedirectToLogin = context => WebAuth.RedirectOrRefuseAsync(context, NpesErrors.Unauthenticated),
                    OnRedirectToAccessDenied = context => WebAuth.RedirectOrRefuseAsync(context, NpesErrors.Forbidden),
                };
            })
            .AddPolicyScheme(WebAuth.BearerOrSession, null, options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? BearerAuthenticationHandler.SchemeName : WebAuth.Scheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(WebAuth.PartyPolicy, policy => policy.AddAuthenticationSchemes(WebAuth.Scheme).RequireAuthenticatedUser().RequireClaim(Roles.PartyIdClaim))
            .AddPolicy(WebAuth.OperatorPolicy, policy => policy.AddAuthenticationSchemes(WebAuth.Scheme).RequireAuthenticatedUser().RequireRole(Roles.Operator))
            .AddPolicy(Roles.DashboardPolicy, policy => policy.AddAuthenticationSchemes(WebAuth.BearerOrSession).RequireAuthenticatedUser().RequireRole(Roles.Operator));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "npes.antiforgery";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__RequestVerificationToken";
        });
        services.AddHttpContextAccessor();
        services.AddScoped<UiText>();
        services.AddValidatedOptions<WebSigningOptions>(configuration, WebSigningOptions.Section);

        // After the cookie and antiforgery set-up above, whose cookie policy it overrides outside Development.
        services.AddNpesEdgeSecurity(configuration);
        return services;
    }

    /// <summary>Security headers on UI responses, and the UI's static files (embedded, so they travel with the assembly).</summary>
    public static WebApplication UseNpesWeb(this WebApplication app)
    {
        app.UseNpesEdgeSecurity();
        var contentSecurityPolicy = ContentSecurityPolicy(app.Services.GetRequiredService<IOptions<WebSigningOptions>>().Value.AgentOrigin);
        app.Use((context, next) =>
        {
            if (IsUi(context.Request.Path))
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.ContentSecurityPolicy = contentSecurityPolicy;
                    headers.XContentTypeOptions = "nosniff";
                    headers.XFrameOptions = "DENY";
                    headers["Referrer-Policy"] = "no-referrer";
                    headers["Cross-Origin-Opener-Policy"] = "same-origin";
                    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                    if (!context.Request.Path.StartsWithSegments("/static", StringComparison.OrdinalIgnoreCase))
                    {
                        headers.CacheControl = "no-store";
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/static",
            FileProvider = new EmbeddedFileProvider(typeof(WebServiceCollectionExtensions).Assembly, "Npes.Server.wwwroot"),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=300",
        });
        return app;
    }

    public static IEndpointRouteBuilder MapNpesWeb(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        endpoints.MapGet("/lang/{code}", (string code, string? returnUrl, HttpContext context) =>
        {
            if (UiText.IsSupported(code))
            {
                context.Response.Cookies.Append(UiText.CookieName, code, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                    MaxAge = TimeSpan.FromDays(365),
                    IsEssential = true,
                });
            }

            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).ExcludeFromDescription().AllowAnonymous();
        return endpoints;
    }

    /// <summary>A local path the UI may redirect to: one leading slash, no scheme, no backslash tricks.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal);

    private static bool IsUi(PathString path) =>
        !path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
