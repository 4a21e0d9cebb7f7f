using Microsoft.Extensions.Options;
using Npes.Eds;
using Npes.Eds.Trust;
using Npes.Storage.Jobs;

namespace Npes.Server.Hosting;

/// <summary>
/// Keeps the CRLs current while the server runs (<see cref="CrlRefresher"/>): a recurring duty every
/// <c>Npes:Eds:CrlRefreshInterval</c>, so a certificate revoked today is refused today, without a restart.
/// </summary>
internal sealed class RevocationRefresh(CrlRefresher refresher) : IRecurringDuty
{
    public const string Id = "eds-crl-refresh";

    public Task RunAsync(CancellationToken cancellationToken) => refresher.RefreshAsync(cancellationToken);

    public static void Add(IServiceCollection services) =>
        services.AddRecurringDuty<RevocationRefresh>(Id, sp => sp.GetRequiredService<IOptions<EdsOptions>>().Value.CrlRefreshInterval);
}
