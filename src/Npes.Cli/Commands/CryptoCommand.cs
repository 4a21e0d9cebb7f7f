using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Npes.Eds.Stb;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes crypto check-vectors FILE.jsonl</c> checks bign-with-hbelt test vectors;
/// <c>npes crypto bench [--json] [--seconds S]</c> measures bign and belt-hash speed on one thread.
/// </summary>
internal static class CryptoCommand
{
    private const int BytesPerMegabyte = 1 << 20;

    /// <summary>The shortest run per operation <c>--seconds</c> accepts; tests lower it to keep runs short.</summary>
    internal static double MinimumBenchSeconds { get; set; } = 2;

    public static Command Create(CliEnvironment environment)
    {
        return new Command("crypto", "National cryptography (STB 34.101): test vectors and speed") { CheckVectors(environment), Bench(environment) };
    }

    private static Command CheckVectors(CliEnvironment environment)
    {
        var file = new Argument<string>("file") { Description = "JSON lines: {\"alg\":\"bign-with-hbelt\",\"curve\":\"bign-curve256v1\",\"msg\",\"hash\",\"d\"?,\"pub\",\"t\"?,\"deterministic\",\"sig\",\"valid\"}" };
        var command = new Command("check-vectors", "Check bign-with-hbelt test vectors: hash = belt-hash(msg), verification gives valid, pub = d·G, deterministic signatures reproduce") { file };
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            List<string> lines;
            try
            {
                lines = [.. File.ReadLines(path)];
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new CliException($"Vector file {path} does not exist.", e) { ExitCode = 2 };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"Cannot read vector file {path}: {e.Message}", e) { ExitCode = 2 };
            }

            var report = BignVectorChecker.Check(lines);
            foreach (var failure in report.Failures)
            {
                environment.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {failure.Line}: {failure.Problem}"));
            }

            environment.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Passed} passed, {report.Failed} failed"));
            return report.Failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Bench(CliEnvironment environment)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"bign_sign_per_s\",\"bign_verify_per_s\",\"belt_hash_mb_per_s\"}" };
        var seconds = new Option<double>("--seconds")
        {
            Description = "Seconds to run each operation (at least 2)",
            DefaultValueFactory = _ => 2,
        };
        var command = new Command("bench", "Measure bign-curve256v1 sign and verify per second and belt-hash MB/s (1 MB = 2^20 bytes) on one thread, per second of processor time like openssl speed") { json, seconds };
        command.SetAction(parseResult =>
        {
            var duration = parseResult.GetValue(seconds);
            if (!(duration >= MinimumBenchSeconds))
            {
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--seconds must be at least {MinimumBenchSeconds}; got {duration}.")) { ExitCode = 2 };
            }

            var result = Run(TimeSpan.FromSeconds(duration));
            environment.Output.WriteLine(parseResult.GetValue(json)
                ? string.Create(CultureInfo.InvariantCulture, $$"""{"bign_sign_per_s":{{result.SignPerSecond:F1}},"bign_verify_per_s":{{result.VerifyPerSecond:F1}},"belt_hash_mb_per_s":{{result.HashMegabytesPerSecond:F1}}}""")
                : string.Create(CultureInfo.InvariantCulture, $"bign-curve256v1 sign:   {result.SignPerSecond,10:F0} /s\nbign-curve256v1 verify: {result.VerifyPerSecond,10:F0} /s\nbelt-hash:              {result.HashMegabytesPerSecond,10:F1} MB/s"));
            return 0;
        });
        return command;
    }

    private static (double SignPerSecond, double VerifyPerSecond, double HashMegabytesPerSecond) Run(TimeSpan duration)
    {
        var privateKey = Bign.GeneratePrivateKey();
        var publicKey = Bign.GetPublicKey(privateKey);
        var hash = BeltHash.HashData("npes crypto bench"u8);
        var signature = Bign.Sign(hash, privateKey);
        var data = new byte[BytesPerMegabyte];
        var digest = new byte[BeltHash.HashSize];

        // A short warm-up first, so that the runtime has compiled the hot paths with full optimisation.
        var warmUp = TimeSpan.FromTicks(Math.Min(duration.Ticks / 4, TimeSpan.FromSeconds(0.5).Ticks));
        var sign = () => Bign.Sign(hash, privateKey, signature);
        var verify = () =>
        {
            if (!Bign.Verify(hash, signature, publicKey))
            {
                throw new InvalidOperationException("bench: a fresh signature did not verify.");
            }
        };
        var hashMegabyte = () => BeltHash.HashData(data, digest);
        Measure(sign, warmUp);
        var signPerSecond = Measure(sign, duration);
        Measure(verify, warmUp);
        var verifyPerSecond = Measure(verify, duration);
        Measure(hashMegabyte, warmUp);
        var hashPerSecond = Measure(hashMegabyte, duration);
        return (signPerSecond, verifyPerSecond, hashPerSecond);
    }

    /// <summary>
    /// Runs the operation for at least the duration (wall clock) and returns operations per second of processor
    /// time used by this process — the divisor <c>openssl speed</c> uses by default — so that other load on the
    /// machine does not distort the comparison. On an idle machine both clocks agree.
    /// </summary>
    private static double Measure(Action operation, TimeSpan duration)
    {
        var count = 0L;
        var start = Stopwatch.GetTimestamp();
        var cpuStart = Environment.CpuUsage.TotalTime;
        do
        {
            operation();
            count++;
        }
        while (Stopwatch.GetElapsedTime(start) < duration);
        var cpu = (Environment.CpuUsage.TotalTime - cpuStart).TotalSeconds;
        return count / (cpu > 0 ? cpu : Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}
