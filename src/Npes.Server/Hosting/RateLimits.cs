using System.Globalization;
using Dapper;
using Npes.Core.Errors;
using Npes.Core.Options;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Server.Hosting;

/// <summary>One limit: at most <see cref="Permits"/> requests per <see cref="Window"/>.</summary>
internal sealed class RateLimit
{
    public int Permits { get; set; }

    public TimeSpan Window { get; set; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Permits} per {Window}");
}

/// <summary>Configuration section <c>Npes:RateLimits</c>: the limits on anonymous and cheap writes.</summary>
internal sealed class RateLimitOptions : IValidatedOptions
{
    public const string Section = "Npes:RateLimits";

    /// <summary>Login challenges (API and web page) per client IP.</summary>
    public RateLimit ChallengesPerIp { get; set; } = new() { Permits = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Mobile EDS requests (login and handover) started per client IP.</summary>
    public RateLimit MobileStartsPerIp { get; set; } = new() { Permits = 20, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Mobile EDS requests sent to one phone number (a prompt pushed at someone's phone).</summary>
    public RateLimit MobileStartsPerPhone { get; set; } = new() { Permits = 5, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Mobile EDS handovers started by one logged-in party.</summary>
    public RateLimit MobileStartsPerParty { get; set; } = new() { Permits = 20, Window = TimeSpan.FromMinutes(15) };

    public IEnumerable<string> Validate()
    {
        foreach (var (name, limit) in new[] { (nameof(ChallengesPerIp), ChallengesPerIp), (nameof(MobileStartsPerIp), MobileStartsPerIp), (nameof(MobileStartsPerPhone), MobileStartsPerPhone), (nameof(MobileStartsPerParty), MobileStartsPerParty) })
        {
            if (limit.Permits is < 1 or > 1_000_000 || limit.Window < TimeSpan.FromSeconds(1) || limit.Window > TimeSpan.FromDays(1))
            {
                yield return $"{Section}:{name} must allow 1 to 1,000,000 permits per window of 1 second to 1 day.";
            }
        }
    }
}

/// <summary>
/// Fixed-window rate limits kept in PostgreSQL, so every node counts the same requests: one row per bucket and window
/// (refused requests add no row), purged after the window. A refusal is <see cref="NpesErrors.RateLimited"/> (429)
/// with Retry-After.
/// </summary>
internal sealed class RateLimits(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>The key under which the exception carries the seconds to wait (the problem handler sends it as Retry-After).</summary>
    public const string RetryAfterKey = "npes.retry_after";

    /// <summary>Counts one request in <paramref name="bucket"/>; throws 429 when the window's permits are used up.</summary>
    public async Task CheckAsync(string bucket, RateLimit limit, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var now = time.GetUtcNow();
        var windowTicks = limit.Window.Ticks;
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % windowTicks), TimeSpan.Zero);
        var end = start + limit.Window;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var hits = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            insert into rate_limit_windows (bucket, window_start, hits, expires_at) values (@bucket, @start, 1, @end)
            on conflict (bucket, window_start) do update set hits = rate_limit_windows.hits + 1
            returning hits
            """,
            new { bucket, start = Time.ToDb(start), end = Time.ToDb(end) },
            cancellationToken: cancellationToken));
        if (hits > limit.Permits)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling((end - now).TotalSeconds));
            var refusal = new NpesException(NpesErrors.RateLimited, string.Create(CultureInfo.InvariantCulture, $"Too many {what} (at most {limit}); retry in {seconds} s."));
            refusal.Data[RetryAfterKey] = seconds;
            throw refusal;
        }
    }

    /// <summary>Deletes windows that ended before <paramref name="before"/>.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from rate_limit_windows where expires_at < @before", new { before = Time.ToDb(before) }, cancellationToken: cancellationToken));
    }

    /// <summary>The client's address as the bucket names it (after trusted forwarded headers).</summary>
    public static string ClientOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        // An IPv6 client holds a whole /64: count the prefix, not each of its addresses.
        var bytes = address.GetAddressBytes();
        return bytes.Length == 16 ? Convert.ToHexStringLower(bytes.AsSpan(0, 8)) + "::/64" : address.ToString();
    }

    /// <summary>Seconds to wait carried by a refusal, if it is a rate limit.</summary>
    public static int? RetryAfterOf(Exception exception) => exception?.Data[RetryAfterKey] as int?;
}
