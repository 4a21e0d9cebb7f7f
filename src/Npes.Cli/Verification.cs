using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Eds;
using Npes.Eds.Bundles;
using Npes.Eds.Cms;
using Npes.Eds.Pki;
using Npes.Storage;

namespace Npes.Cli;

/// <summary>
/// The <c>--trust</c> / <c>--intermediate</c> options of the offline verify commands, and the verifiers built on them.
/// Without <c>--trust</c> the sample PKI's <c>certs-sample/root-ca.crt</c> (+ <c>issuing-ca.crt</c>) is used, with the
/// bign root and issuing CA beside them when present, found under the current folder or the working tree.
/// </summary>
internal sealed class TrustOptions
{
    private const string SampleFolder = "certs-sample";

    public Option<FileInfo[]> Trust { get; } = new("--trust")
    {
        Description = "Trusted root certificate (PEM or DER; repeatable). Default: certs-sample/root-ca.crt (and bign-root-ca.crt) of the working tree",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<FileInfo[]> Intermediate { get; } = new("--intermediate")
    {
        Description = "Intermediate CA certificate offered to path building (repeatable). Default with the sample root: certs-sample/issuing-ca.crt (and bign-issuing-ca.crt)",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<FileInfo[]> Crl { get; } = new("--crl")
    {
        Description = "CRL of a CA (PEM or DER; repeatable); revocation data is required for every issuing CA. Default with the sample root: certs-sample/issuing-ca.crl (and bign-issuing-ca.crl)",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<FileInfo[]> Operator { get; } = new("--operator")
    {
        Description = "The operator's service certificate (repeatable): evidence must be signed by one of them. Default: any certificate with the operator certificate policy",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Trust);
        command.Options.Add(Intermediate);
        command.Options.Add(Crl);
        command.Options.Add(Operator);
    }

    /// <summary>Builds the verifiers on the chosen trust; <see cref="Verifiers.Description"/> says which trust that is.</summary>
    public Verifiers Load(ParseResult parseResult)
    {
        var anchors = (parseResult.GetValue(Trust) ?? []).Select(f => f.FullName).ToList();
        var intermediates = (parseResult.GetValue(Intermediate) ?? []).Select(f => f.FullName).ToList();
        var crls = (parseResult.GetValue(Crl) ?? []).Select(f => f.FullName).ToList();
        var operators = (parseResult.GetValue(Operator) ?? []).Select(f => f.FullName).ToList();
        string description;
        if (anchors.Count > 0)
        {
            description = "trust: " + string.Join(", ", anchors) + (intermediates.Count > 0 ? "; intermediates: " + string.Join(", ", intermediates) : string.Empty);
        }
        else
        {
            var sample = FindSample()
                ?? throw new CliException($"No trust anchor: give --trust ROOT.crt (no {SampleFolder}/root-ca.crt under the current folder or the working tree).") { ExitCode = 2 };
            anchors.Add(Path.Combine(sample, "root-ca.crt"));
            var bignRoot = Path.Combine(sample, SamplePki.BignRootCa + ".crt");
            if (File.Exists(bignRoot))
            {
                anchors.Add(bignRoot);
            }

            foreach (var issuing in new[] { "issuing-ca.crt", SamplePki.BignIssuingCa + ".crt" }.Select(f => Path.Combine(sample, f)))
            {
                if (File.Exists(issuing))
                {
                    intermediates.Add(issuing);
                }
            }

            if (crls.Count == 0)
            {
                crls.AddRange(new[] { SamplePki.CrlFile, SamplePki.BignCrlFile }.Select(f => Path.Combine(sample, f)).Where(File.Exists));
            }

            description = $"trust: the sample PKI in {sample} (SAMPLE - NOT FOR PRODUCTION; --trust chooses another)";
        }

        if (anchors.Concat(intermediates).Concat(operators).FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            throw new CliException($"No such certificate file: {missing}") { ExitCode = 2 };
        }

        if (crls.FirstOrDefault(f => !File.Exists(f)) is { } missingCrl)
        {
            throw new CliException($"No such CRL file: {missingCrl}") { ExitCode = 2 };
        }

        if (operators.Count > 0)
        {
            description += "; operator: " + string.Join(", ", operators);
        }

        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < anchors.Count; i++)
        {
            settings[$"{EdsOptions.Section}:TrustAnchors:{i}"] = anchors[i];
        }

        for (var i = 0; i < intermediates.Count; i++)
        {
            settings[$"{EdsOptions.Section}:Intermediates:{i}"] = intermediates[i];
        }

        for (var i = 0; i < crls.Count; i++)
        {
            settings[$"{EdsOptions.Section}:Crls:{i}"] = crls[i];
        }

        for (var i = 0; i < operators.Count; i++)
        {
            settings[$"{EvidenceOptions.Section}:OperatorCertificates:{i}"] = operators[i];
        }

        var services = new ServiceCollection()
            .AddLogging()
            .AddEds(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        try
        {
            // Resolving the chain validator loads the trust files: a bad file fails here, by name.
            _ = services.GetRequiredService<IChainValidator>();
            _ = services.GetRequiredService<OperatorIdentity>();
        }
        catch (InvalidOperationException e)
        {
            services.Dispose();
            throw new CliException(e.Message, e) { ExitCode = 2 };
        }

        return new Verifiers(services, description);
    }

    private static string? FindSample()
    {
        foreach (var folder in new[] { Directory.GetCurrentDirectory(), RepositoryRoot.Find() })
        {
            if (folder is not null && File.Exists(Path.Combine(folder, SampleFolder, "root-ca.crt")))
            {
                return Path.Combine(folder, SampleFolder);
            }
        }

        return null;
    }
}

/// <summary>The offline verifiers on one set of trust anchors.</summary>
internal sealed class Verifiers(ServiceProvider services, string description) : IDisposable
{
    public string Description { get; } = description;

    public CmsVerifier Cms => services.GetRequiredService<CmsVerifier>();

    public BundleVerifier Bundles => services.GetRequiredService<BundleVerifier>();

    public EvidenceLogVerifier Log => services.GetRequiredService<EvidenceLogVerifier>();

    public OperatorIdentity Operator => services.GetRequiredService<OperatorIdentity>();

    public IEdsProviderRegistry Providers => services.GetRequiredService<IEdsProviderRegistry>();

    public IChainValidator Chains => services.GetRequiredService<IChainValidator>();

    public void Dispose() => services.Dispose();
}
