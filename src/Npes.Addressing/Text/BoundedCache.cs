using System.Collections.Concurrent;

namespace Npes.Addressing.Text;

/// <summary>A thread-safe memo of a pure string function that stops growing at <paramref name="capacity"/> entries.</summary>
internal sealed class BoundedCache(int capacity)
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);
    private int _count;

    public string GetOrAdd(string key, Func<string, string> compute)
    {
        if (_values.TryGetValue(key, out var value))
        {
            return value;
        }

        value = compute(key);
        if (Volatile.Read(ref _count) < capacity && _values.TryAdd(key, value))
        {
            Interlocked.Increment(ref _count);
        }

        return value;
    }
}
