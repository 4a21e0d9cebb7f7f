using Hangfire.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace Npes.Server.Hosting;

/// <summary>
/// The job engine logs through a process-wide provider (a static of Hangfire's). This one writes to the logging of the
/// host that is running — attached when it starts, detached when it stops — instead of binding the process for good to
/// the first host's logger factory, which would throw once that host is gone (several hosts live in one test process).
/// </summary>
internal sealed class JobsLogging : ILogProvider
{
    public static readonly JobsLogging Instance = new();

    private ILoggerFactory? _factory;

    private JobsLogging()
    {
    }

    public ILog GetLogger(string name) => new Logger(this, name);

    private Microsoft.Extensions.Logging.ILogger? LoggerFor(string name)
    {
        var factory = Volatile.Read(ref _factory);
        try
        {
            return factory?.CreateLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Attaches the job engine's logging to this host while it runs.</summary>
    internal sealed class Attachment(ILoggerFactory factory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            Volatile.Write(ref Instance._factory, factory);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Interlocked.CompareExchange(ref Instance._factory, null, factory);
            return Task.CompletedTask;
        }
    }

    private sealed class Logger(JobsLogging provider, string name) : ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (provider.LoggerFor(name) is not { } logger)
            {
                return false;
            }

            var level = logLevel switch
            {
                HangfireLogLevel.Trace => Microsoft.Extensions.Logging.LogLevel.Trace,
                HangfireLogLevel.Debug => Microsoft.Extensions.Logging.LogLevel.Debug,
                HangfireLogLevel.Info => Microsoft.Extensions.Logging.LogLevel.Information,
                HangfireLogLevel.Warn => Microsoft.Extensions.Logging.LogLevel.Warning,
                HangfireLogLevel.Error => Microsoft.Extensions.Logging.LogLevel.Error,
                _ => Microsoft.Extensions.Logging.LogLevel.Critical,
            };

            // Asked without a message, the engine wants to know whether the level is enabled.
            if (messageFunc is null)
            {
                return logger.IsEnabled(level);
            }

            if (!logger.IsEnabled(level))
            {
                return false;
            }

            try
            {
#pragma warning disable CA1848, CA2254 // the engine's messages are already formatted text
                logger.Log(level, exception, messageFunc());
#pragma warning restore CA1848, CA2254
            }
            catch (ObjectDisposedException)
            {
                return false;
            }

            return true;
        }
    }
}
