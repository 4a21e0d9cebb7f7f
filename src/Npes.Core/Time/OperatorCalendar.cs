using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npes.Core.Options;

namespace Npes.Core.Time;

/// <summary>The one time-zone setting (<c>Npes:TimeZone</c>): the postal operator's local time, for days, batches and quiet hours.</summary>
public sealed class TimeZoneOptions : IValidatedOptions
{
    public const string Key = "Npes:TimeZone";

    /// <summary>An IANA time-zone id.</summary>
    public string TimeZone { get; set; } = "Europe/Minsk";

    public IEnumerable<string> Validate()
    {
        if (Resolve(TimeZone) is null)
        {
            yield return $"{Key} '{TimeZone}' is not a known IANA time zone (e.g. Europe/Minsk).";
        }
    }

    public static TimeZoneInfo? Resolve(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }
}

/// <summary>The postal operator's calendar: which local day an instant falls on, and the offset from UTC on a day.</summary>
public sealed class OperatorCalendar(IOptions<TimeZoneOptions> options)
{
    public TimeZoneInfo Zone { get; } = TimeZoneOptions.Resolve(options.Value.TimeZone)
        ?? throw new OptionsValidationException(TimeZoneOptions.Key, typeof(TimeZoneOptions), [$"{TimeZoneOptions.Key} '{options.Value.TimeZone}' is not a known time zone."]);

    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The operator's offset from UTC on <paramref name="day"/> (at noon, away from daylight-saving switches).</summary>
    public TimeSpan OffsetOn(DateOnly day) => Zone.GetUtcOffset(day.ToDateTime(new TimeOnly(12, 0)));

    /// <summary>The local time of an instant.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static IServiceCollection Add(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<TimeZoneOptions>(o => o.TimeZone = configuration[TimeZoneOptions.Key] ?? o.TimeZone);
        services.AddSingleton<OperatorCalendar>();
        return services;
    }
}
