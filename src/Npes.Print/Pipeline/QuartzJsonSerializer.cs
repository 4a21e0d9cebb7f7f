using System.Collections.Specialized;
using System.Text.Json;
using Quartz.Spi;

namespace Npes.Print.Pipeline;

/// <summary>
/// Quartz's ADO store needs a serializer for job data. NPES' jobs carry string ids only, which Quartz hands over as
/// a <see cref="NameValueCollection"/> (properties mode); they are stored as a JSON object of strings. Anything
/// else is refused rather than serialized blindly.
/// </summary>
internal sealed class QuartzJsonSerializer : IObjectSerializer
{
    public void Initialize()
    {
    }

    public byte[] Serialize<T>(T obj)
        where T : class
    {
        if (obj is not NameValueCollection values)
        {
            throw new NotSupportedException($"NPES jobs carry string ids only; cannot store a {obj.GetType().Name}.");
        }

        var map = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in values.AllKeys)
        {
            if (key is not null)
            {
                map[key] = values[key];
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(map);
    }

    public T? DeSerialize<T>(byte[] data)
        where T : class
    {
        if (typeof(T) != typeof(NameValueCollection) && typeof(T) != typeof(object))
        {
            throw new NotSupportedException($"NPES jobs carry string ids only; cannot read a {typeof(T).Name}.");
        }

        var map = JsonSerializer.Deserialize<Dictionary<string, string?>>(data) ?? [];
        var values = new NameValueCollection(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            values[key] = value;
        }

        return values as T;
    }
}
