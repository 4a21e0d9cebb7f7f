using System.Diagnostics;
using System.Globalization;

namespace Npes.Addressing.Load;

/// <summary>Times an action over a list of items: throughput by wall clock and by processor time, latency percentiles.</summary>
internal static class Measurement
{
    public static (double Mean, double P50, double P99) Measure<T>(string label, IEnumerable<T> items, Action<T> action)
    {
        var list = items.ToList();
        var latencies = new double[list.Count];
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < list.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action(list[i]);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        total.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        Array.Sort(latencies);
        var mean = latencies.Average();
        var p50 = latencies[latencies.Length / 2];
        var p99 = latencies[(int)(latencies.Length * 0.99)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {list.Count:N0} in {total.Elapsed.TotalSeconds:F2} s = {list.Count / total.Elapsed.TotalSeconds:N0}/s ({list.Count / cpu:N0} per processor-second); mean {mean:F2} µs, p50 {p50:F2} µs, p99 {p99:F2} µs, max {latencies[^1]:F0} µs"));
        return (mean, p50, p99);
    }
}
