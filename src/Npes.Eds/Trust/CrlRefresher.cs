using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Npes.Eds.Trust;

/// <summary>What one refresh did with each source: a configured file or a distribution point.</summary>
public sealed record CrlRefreshReport(int Installed, IReadOnlyList<string> Outcomes);

/// <summary>
/// Keeps the CRLs current without a restart: re-reads the configured CRL files (<c>Npes:Eds:Crls</c>) and downloads the
/// configured distribution points (<c>Npes:Eds:CrlDistributionPoints</c>, http or https, at most
/// <see cref="TrustMaterial.MaxCrlFileBytes"/> and <see cref="EdsOptions.CrlFetchTimeout"/> each), and installs every CRL
/// that a configured CA signed and that is newer than the one held. A source that fails leaves the CRL held before.
/// </summary>
public sealed partial class CrlRefresher : IDisposable
{
    private readonly TrustMaterial _trust;
    private readonly EdsOptions _options;
    private readonly ILogger<CrlRefresher> _logger;
    private readonly HttpClient _http;

    public CrlRefresher(TrustMaterial trust, IOptions<EdsOptions> options, ILogger<CrlRefresher> logger)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(options);
        _trust = trust;
        _options = options.Value;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 3, UseProxy = false })
        {
            Timeout = _options.CrlFetchTimeout,
            MaxResponseContentBufferSize = TrustMaterial.MaxCrlFileBytes,
        };
    }

    public async Task<CrlRefreshReport> RefreshAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<string>();
        var installed = 0;
        foreach (var file in _options.Crls)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] bytes;
            try
            {
                bytes = TrustMaterial.ReadCrlFile(Path.GetFullPath(file));
            }
            catch (InvalidOperationException e)
            {
                outcomes.Add(e.Message);
                LogSourceFailed(_logger, file, e.Message);
                continue;
            }

            installed += Install(bytes, file, outcomes);
        }

        foreach (var url in _options.CrlDistributionPoints)
        {
            var bytes = await FetchAsync(new Uri(url, UriKind.Absolute), outcomes, cancellationToken);
            if (bytes is not null)
            {
                installed += Install(bytes, url, outcomes);
            }
        }

        return new CrlRefreshReport(installed, outcomes);
    }

    public void Dispose() => _http.Dispose();

    private int Install(byte[] bytes, string source, List<string> outcomes)
    {
        var outcome = _trust.Install(bytes, source);
        outcomes.Add(outcome.Detail);
        if (outcome.Installed)
        {
            LogInstalled(_logger, outcome.Detail);
            return 1;
        }

        LogNotInstalled(_logger, outcome.Detail);
        return 0;
    }

    private async Task<byte[]?> FetchAsync(Uri url, List<string> outcomes, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return Failed($"CRL '{url}': HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > TrustMaterial.MaxCrlFileBytes)
            {
                return Failed($"CRL '{url}' is larger than {TrustMaterial.MaxCrlFileBytes} bytes");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[TrustMaterial.MaxCrlFileBytes + 1];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return read > TrustMaterial.MaxCrlFileBytes
                ? Failed($"CRL '{url}' is larger than {TrustMaterial.MaxCrlFileBytes} bytes")
                : buffer[..read];
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Failed($"CRL '{url}' cannot be fetched: {(e is TaskCanceledException ? $"no answer within {_options.CrlFetchTimeout}" : e.Message)}");
        }

        byte[]? Failed(string message)
        {
            outcomes.Add(message);
            LogSourceFailed(_logger, url.ToString(), message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Detail}")]
    private static partial void LogInstalled(ILogger logger, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Detail}")]
    private static partial void LogNotInstalled(ILogger logger, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CRL source {Source} failed; the CRL held before stays: {Detail}")]
    private static partial void LogSourceFailed(ILogger logger, string source, string detail);
}
