using System.Net;
using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Npes.Core.Options;
using Npgsql;

namespace Npes.Server.Web;

/// <summary>Configuration section <c>Npes:ForwardedHeaders</c>: the TLS-terminating proxies whose X-Forwarded-* headers are believed.</summary>
internal sealed class ForwardedHeadersSettings : IValidatedOptions
{
    public const string Section = "Npes:ForwardedHeaders";

    /// <summary>Addresses of the proxies in front of NPES. Headers from anyone else are ignored.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) of the proxies in front of NPES.</summary>
    public IList<string> KnownNetworks { get; } = [];

    public IEnumerable<string> Validate()
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return $"{Section}:KnownProxies lists '{proxy}', which is not an IP address.";
        }

        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            yield return $"{Section}:KnownNetworks lists '{network}', which is not a CIDR network.";
        }
    }
}

/// <summary>Configuration section <c>Npes:Web</c>.</summary>
internal sealed class WebSecuritySettings : IValidatedOptions
{
    public const string Section = "Npes:Web";

    /// <summary>Marks the session and antiforgery cookies Secure (sent over HTTPS only). Default: on, except in Development.</summary>
    public bool? SecureCookies { get; set; }

    public IEnumerable<string> Validate() => [];
}

/// <summary>
/// What a deployment behind a TLS proxy needs: forwarded headers believed only from the configured proxies (so the
/// client's address and scheme are right, and per-IP limits are per client), Secure cookies and HSTS outside
/// Development, and the data-protection keys that protect the cookies kept in PostgreSQL, shared by every node.
/// </summary>
internal static class EdgeSecurity
{
    public static IServiceCollection AddNpesEdgeSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ForwardedHeadersSettings>(configuration, ForwardedHeadersSettings.Section);
        services.AddValidatedOptions<WebSecuritySettings>(configuration, WebSecuritySettings.Section);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in settings.Value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });
        services.AddOptions<CookieAuthenticationOptions>(WebAuth.Scheme).Configure<IHostEnvironment, IOptions<WebSecuritySettings>>((options, environment, settings) =>
            options.Cookie.SecurePolicy = SecureCookies(environment, settings.Value));
        services.AddOptions<AntiforgeryOptions>().Configure<IHostEnvironment, IOptions<WebSecuritySettings>>((options, environment, settings) =>
            options.Cookie.SecurePolicy = SecureCookies(environment, settings.Value));
        services.AddDataProtection().SetApplicationName("npes");
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((options, dataSource) => options.XmlRepository = new PostgresXmlRepository(dataSource));
        return services;
    }

    /// <summary>Forwarded headers (from configured proxies only) first, then HSTS outside Development.</summary>
    public static WebApplication UseNpesEdgeSecurity(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        if (proxies.KnownProxies.Count > 0 || proxies.KnownNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app;
    }

    private static CookieSecurePolicy SecureCookies(IHostEnvironment environment, WebSecuritySettings settings) =>
        (settings.SecureCookies ?? !environment.IsDevelopment()) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    /// <summary>Data-protection key ring in the <c>data_protection_keys</c> table (migration 0010).</summary>
    private sealed class PostgresXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var connection = dataSource.OpenConnection();
            return connection.Query<string>("select xml from data_protection_keys order by id").Select(x => XElement.Parse(x)).ToList();
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            ArgumentNullException.ThrowIfNull(element);
            using var connection = dataSource.OpenConnection();
            connection.Execute(
                "insert into data_protection_keys (friendly_name, xml) values (@friendlyName, @xml) on conflict (friendly_name) do nothing",
                new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
        }
    }
}
