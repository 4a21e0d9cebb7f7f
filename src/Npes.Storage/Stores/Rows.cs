namespace Npes.Storage.Stores;

/// <summary>Conversions between PostgreSQL timestamptz (read as UTC DateTime) and the domain's DateTimeOffset.</summary>
internal static class Time
{
    public static DateTimeOffset FromDb(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? FromDb(DateTime? value) => value is null ? null : FromDb(value.Value);

    public static DateTime ToDb(DateTimeOffset value) => value.UtcDateTime;
}
