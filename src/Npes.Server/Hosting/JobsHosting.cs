using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using Npes.Core.Http;
using Npes.Core.Options;
using Npes.Storage;
using Npes.Storage.Jobs;
using Npes.Storage.Migrations;
using Npgsql;

namespace Npes.Server.Hosting;

/// <summary>
/// Every background duty runs on one engine, Hangfire, with its store in NPES' PostgreSQL: the print stages as jobs
/// carrying ids, and the features' recurring duties, each run once per cluster however many nodes run a job server.
/// </summary>
internal static partial class JobsHosting
{
    /// <summary>Where operators see the jobs (read-only unless they are administrators).</summary>
    public const string DashboardPath = "/jobs";

    public static WebApplicationBuilder AddNpesJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<JobsOptions>(builder.Configuration, JobsOptions.Section);
        services.AddSingleton<NodeIdentity>();

        // The store is built from NPES' own database (configured or private cluster) on first use, after the start-up has
        // reached and migrated it. It is registered here rather than through Hangfire's static configuration, so that
        // several hosts in one process (tests) never share a store.
        services.AddSingleton<JobStorage>(sp =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            var options = new PostgreSqlStorageOptions
            {
                SchemaName = Migrator.JobsSchema,
                PrepareSchemaIfNecessary = false, // `npes migrate` (and the dev server's start) installs it
                // Idle workers look for work every second: plain polling, no connection parked on LISTEN.
                QueuePollInterval = TimeSpan.FromSeconds(1),
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = jobs.TakeoverAfter,
                // A lock left by a node that died (kill -9 while it scheduled a recurring job) expires after this.
                DistributedLockTimeout = TimeSpan.FromSeconds(30),
            };
            return new PostgreSqlStorage(sp.GetRequiredService<JobsConnections>(), options);
        });
        services.AddSingleton(sp => new JobsConnections(sp.GetRequiredService<NpesDatabase>().ConnectionString));
        // Clients, the recurring-job manager and the job activator belong to this host too: Hangfire's own registrations
        // of them read process-wide statics, which the last host to start would own.
        services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
        services.AddSingleton<IRecurringJobManager>(sp => new RecurringJobManager(sp.GetRequiredService<JobStorage>()));
        services.AddHangfire((_, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(JobsLogging.Instance));
        services.AddHostedService<JobsLogging.Attachment>();

        services.AddHostedService<JobServerHost>();
        services.AddHostedService<RecurringDutiesStartup>();
        return builder;
    }

    /// <summary>The dashboard, behind the operator policy; only administrators may act (retry, delete) in it.</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            // Authorization is the endpoint's policy; the dashboard's own filter (local requests only) would refuse operators.
            Authorization = [],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(Roles.Admin),
            DashboardTitle = "NPES jobs",
            DisplayStorageConnectionString = false,
            AppPath = "/print",
        }).RequireAuthorization(Roles.DashboardPolicy);
        return app;
    }

    /// <summary>
    /// This node's job server, when <c>Npes:Jobs:Enabled</c> (decided when the host starts, from the final configuration).
    /// Stopping the host stops it: running jobs get the cancellation, and their connections are returned before the
    /// job engine's pool closes.
    /// </summary>
    private sealed class JobServerHost(IServiceProvider services, IOptions<JobsOptions> options, NodeIdentity node) : IHostedService, IDisposable
    {
        private BackgroundJobServer? _server;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            var jobs = options.Value;
            if (!jobs.Enabled)
            {
                return Task.CompletedTask;
            }

            var server = new BackgroundJobServerOptions
            {
                ServerName = node.Name,
                WorkerCount = jobs.WorkerCount > 0 ? jobs.WorkerCount : Math.Max(2, Environment.ProcessorCount),
                SchedulePollingInterval = TimeSpan.FromSeconds(1),
                HeartbeatInterval = TimeSpan.FromSeconds(10),
                ServerCheckInterval = TimeSpan.FromSeconds(30),
                ServerTimeout = TimeSpan.FromMinutes(1),
                StopTimeout = TimeSpan.FromSeconds(5),
                ShutdownTimeout = TimeSpan.FromSeconds(15),

                // Jobs come from this host's container, each in a scope of its own.
                Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()),

                // Hangfire's filters, and this host's count of failed job runs (metrics).
                FilterProvider = new Hangfire.Common.JobFilterProviderCollection(Hangfire.Common.JobFilterProviders.Providers, JobFailureMeter.Provider(services.GetRequiredService<Npes.Core.Observability.NpesMetrics>())),
            };
            _server = new BackgroundJobServer(server, services.GetRequiredService<JobStorage>(), []);
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_server is { } server)
            {
                server.SendStop();
                await server.WaitForShutdownAsync(cancellationToken);
            }
        }

        // Disposed before it was stopped (a test host torn down out of order): nothing is left to stop.
        public void Dispose()
        {
            _server?.Dispose();
            _server = null;
        }
    }

    /// <summary>
    /// The job engine's connections: a pool of its own on NPES' database (with the usual reset on return, which NPES'
    /// own pool skips for speed), closed with the host.
    /// </summary>
    private sealed class JobsConnections(string connectionString) : IConnectionFactory, IDisposable
    {
        private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Enlist = false, ApplicationName = "npes-jobs" }.ConnectionString);

        public NpgsqlConnection GetOrCreateConnection() => _dataSource.CreateConnection();

        public void Dispose() => _dataSource.Dispose();
    }

    /// <summary>
    /// Puts every duty the features registered on the cluster's schedule (an idempotent upsert by id, on every node). It
    /// runs beside the start-up, not in it: a recurring job's lock left by a node that died is retried until it expires.
    /// </summary>
    private sealed partial class RecurringDutiesStartup(
        IEnumerable<RecurringDutyRegistration> duties,
        IRecurringJobManager manager,
        ILogger<RecurringDutiesStartup> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            foreach (var duty in duties)
            {
                var cron = Every.Cron(duty.Every)
                    ?? throw new OptionsValidationException(duty.Id, typeof(RecurringDutyRegistration), [$"The interval of '{duty.Id}' ({duty.Every}) must divide a minute, an hour or a day."]);
                while (true)
                {
                    try
                    {
                        duty.Schedule(manager, cron);
                        LogScheduled(logger, duty.Id, cron);
                        break;
                    }
                    catch (Exception e) when (e is not OperationCanceledException && !stoppingToken.IsCancellationRequested)
                    {
                        LogScheduleFailed(logger, e, duty.Id);
                        await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                    }
                }
            }
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Recurring duty {Id} scheduled ({Cron})")]
        private static partial void LogScheduled(ILogger logger, string id, string cron);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Recurring duty {Id} could not be scheduled yet; retrying")]
        private static partial void LogScheduleFailed(ILogger logger, Exception exception, string id);
    }
}
