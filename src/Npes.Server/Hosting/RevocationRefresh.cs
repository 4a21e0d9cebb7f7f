using Microsoft.Extensions.Options;
using Npes.Eds;
using Npes.Eds.Trust;

namespace Npes.Server.Hosting;

/// <summary>
/// Keeps this node's CRLs current while it runs (<see cref="CrlRefresher"/>): every
/// <c>Npes:Eds:CrlRefreshInterval</c>, so a certificate revoked today is refused today, without a restart. The CRLs
/// live in each server's memory, so every node refreshes its own — this is deliberately not a once-per-cluster duty.
/// </summary>
internal sealed partial class RevocationRefresh(CrlRefresher refresher, IOptions<EdsOptions> options, TimeProvider time, ILogger<RevocationRefresh> logger) : BackgroundService
{
    public Task RunAsync(CancellationToken cancellationToken) => refresher.RefreshAsync(cancellationToken);

    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<RevocationRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<RevocationRefresh>());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CrlRefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The CRLs held stay in force; fail-closed checks refuse what they no longer cover.
                LogRefreshFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing the CRLs failed; the ones held stay in force until the next attempt")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
