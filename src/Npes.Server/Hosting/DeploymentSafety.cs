using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Npes.Eds.Cms;
using Npes.Eds.Trust;
using Npes.Server.Auth;
using Npes.Server.Demo;

namespace Npes.Server.Hosting;

/// <summary>
/// Outside Development the server refuses to start with what only a demonstration may use: sample trust anchors or
/// intermediates (their private keys are public), the sample operator or TSA key, demo seeding, or trust anchors
/// without identity policies — naming each setting. <c>Npes:Demo:AllowSampleTrust=true</c> lets a demonstration run
/// anyway, logged loudly at every start.
/// </summary>
internal sealed partial class DeploymentSafety(
    IHostEnvironment environment,
    IConfiguration configuration,
    IOptions<DemoOptions> demo,
    IOptions<AuthOptions> auth,
    TrustMaterial trust,
    IServiceProvider services,
    ILogger<DeploymentSafety> logger) : IHostedService
{
    /// <summary>The setting that lets a demonstration outside Development use the sample material.</summary>
    public const string AllowSampleTrustSetting = "Npes:Demo:AllowSampleTrust";

    /// <summary>Every certificate of the sample PKI names this (its subjects say "NPES Sample …").</summary>
    private const string SampleMarker = "NPES Sample";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = Problems().ToList();
        if (problems.Count == 0 || environment.IsDevelopment())
        {
            return Task.CompletedTask;
        }

        if (configuration.GetValue<bool>(AllowSampleTrustSetting))
        {
            foreach (var problem in problems)
            {
                LogDemonstration(logger, environment.EnvironmentName, problem, AllowSampleTrustSetting);
            }

            return Task.CompletedTask;
        }

        throw new DeploymentRefusedException(
            $"Refusing to start in environment '{environment.EnvironmentName}' with demonstration material:{Environment.NewLine}  - "
            + string.Join(Environment.NewLine + "  - ", problems)
            + $"{Environment.NewLine}Configure the operator's own trust anchors, keys and identity policies; for a demonstration only, set {AllowSampleTrustSetting}=true.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<string> Problems()
    {
        foreach (var anchor in trust.Anchors.Where(IsSample))
        {
            yield return $"Npes:Eds:TrustAnchors includes the sample root '{anchor.Subject}', whose private key is public.";
        }

        foreach (var intermediate in trust.Intermediates.Where(IsSample))
        {
            yield return $"Npes:Eds:Intermediates includes the sample CA '{intermediate.Subject}', whose private key is public.";
        }

        if (demo.Value.Enabled)
        {
            yield return "Npes:Demo:Enabled is true: demo seeding creates sample mailboxes.";
        }

        if (trust.Anchors.Count > 0 && auth.Value.IdentityPolicies.Count == 0)
        {
            yield return "Npes:Auth:IdentityPolicies is empty: say which trust anchor may assert which identifier kinds (by-personal-number, by-unp, foreign).";
        }

        if (OperatorCertificate() is { } operatorCertificate && IsSample(operatorCertificate))
        {
            yield return $"Npes:Operator:SigningKey is the sample operator key '{operatorCertificate.Subject}', whose private key is public.";
        }

        if (configuration["Npes:Tsa:Key"] is { Length: > 0 } tsaKey && IsSamplePkcs12(tsaKey, configuration["Npes:Tsa:KeyPassword"]))
        {
            yield return "Npes:Tsa:Key is the sample time-stamping key, whose private key is public.";
        }
    }

    private X509Certificate2? OperatorCertificate()
    {
        try
        {
            return services.GetService<IEvidenceSigner>()?.Certificate;
        }
        catch (InvalidOperationException)
        {
            // A key that cannot be loaded is refused where it is used, with its own message.
            return null;
        }
    }

    private static bool IsSamplePkcs12(string path, string? password)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Paths.Resolve(path), password, X509KeyStorageFlags.EphemeralKeySet);
            return IsSample(certificate);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            // A key that cannot be read is refused where it is loaded, with its own message.
            return false;
        }
    }

    private static bool IsSample(X509Certificate2 certificate) =>
        certificate.Subject.Contains(SampleMarker, StringComparison.Ordinal) || certificate.Issuer.Contains(SampleMarker, StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Critical, Message = "DEMONSTRATION in environment {Environment}: {Problem} Allowed only because {Setting}=true; never run a real deployment like this.")]
    private static partial void LogDemonstration(ILogger logger, string environment, string problem, string setting);
}

/// <summary>The server must not start as configured; the message names the settings.</summary>
internal sealed class DeploymentRefusedException(string message) : Exception(message);
