using System.Runtime.CompilerServices;
using System.Text.Json;
using Npes.Cli.Commands;
using Npes.Eds.Stb;

namespace Npes.Cli.Tests;

public sealed class CryptoCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "npes-crypto-" + Guid.NewGuid().ToString("N"));

    public CryptoCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task CheckVectors_GeneratedReferenceAndBrokenLines_ExactCountsAndFailures()
    {
        // Three valid deterministic vectors made here, the four of the standard, and five broken lines.
        var lines = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            lines.Add(MakeVector(msgLength: 10 * i, extra: i == 1 ? [7, 7] : []));
        }

        lines.AddRange(File.ReadLines(ReferenceVectorFile()));
        var good = lines[0];
        var valid = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(good)!;
        lines.Add(string.Empty);
        lines.Add("{not json");                                                                   // line 9
        lines.Add(good.Replace("bign-curve256v1", "bign-curve512v1", StringComparison.Ordinal));  // line 10
        lines.Add(good.Replace("\"valid\":true", "\"valid\":false", StringComparison.Ordinal));   // line 11
        lines.Add(good.Replace(valid["sig"].GetString()!, new string('0', 96), StringComparison.Ordinal)); // line 12
        lines.Add(good.Replace(valid["hash"].GetString()!, "12", StringComparison.Ordinal));      // line 13
        var file = Path.Combine(_directory, "vectors.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        using var cli = new Cli();

        var result = await cli.RunAsync("crypto", "check-vectors", file);

        Assert.Equal(1, result.Exit);
        var output = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("line 9: malformed: not valid JSON (", output[0], StringComparison.Ordinal);
        Assert.Equal(
            [
                "line 10: malformed: unknown curve 'bign-curve512v1' (expected bign-curve256v1)",
                "line 11: sig verifies under pub, but valid is false",
                "line 12: sig does not verify under pub, but valid is true",
                "line 12: deterministic signing of hash with d and t does not reproduce sig",
                "line 13: malformed: \"hash\" has 1 bytes, expected 32",
                "7 passed, 5 failed",
            ],
            output[1..]);
    }

    [Fact]
    public async Task CheckVectors_OnlyGoodVectorsLowerCase_ExitZero()
    {
        var file = Path.Combine(_directory, "good.jsonl");
        await File.WriteAllLinesAsync(file, [MakeVector(5, [1]).ToLowerInvariant(), string.Empty, .. File.ReadLines(ReferenceVectorFile())]);
        using var cli = new Cli();

        var result = await cli.RunAsync("crypto", "check-vectors", file);

        Assert.Equal(0, result.Exit);
        Assert.Equal("5 passed, 0 failed\n", result.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task CheckVectors_MissingFile_ClearMessageExitTwo()
    {
        using var cli = new Cli();
        var missing = Path.Combine(_directory, "missing.jsonl");

        var result = await cli.RunAsync("crypto", "check-vectors", missing);

        Assert.Equal(2, result.Exit);
        Assert.Contains($"Vector file {missing} does not exist.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_Json_OneObjectWithPositiveRates()
    {
        CryptoCommand.MinimumBenchSeconds = 0.01;
        using var cli = new Cli();

        var result = await cli.RunAsync("crypto", "bench", "--json", "--seconds", "0.05");

        Assert.True(result.Exit == 0, result.Error);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(["bign_sign_per_s", "bign_verify_per_s", "belt_hash_mb_per_s"], json.EnumerateObject().Select(p => p.Name));
        Assert.All(json.EnumerateObject(), p => Assert.True(p.Value.GetDouble() > 0, p.Name));
    }

    [Fact]
    public async Task Bench_TooShort_RefusedWithExitTwo()
    {
        using var cli = new Cli();

        var result = await cli.RunAsync("crypto", "bench", "--seconds", "-1");

        Assert.Equal(2, result.Exit);
        Assert.Contains("--seconds must be at least", result.Error, StringComparison.Ordinal);
    }

    private static string ReferenceVectorFile([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "Npes.Eds.Tests", "Stb", "vectors", "bign-vectors.jsonl"));

    /// <summary>A valid deterministic vector made with this implementation.</summary>
    private static string MakeVector(int msgLength, byte[] extra)
    {
        var message = new byte[msgLength];
        Random.Shared.NextBytes(message);
        var d = Bign.GeneratePrivateKey();
        var hash = BeltHash.HashData(message);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["alg"] = "bign-with-hbelt",
            ["curve"] = "bign-curve256v1",
            ["msg"] = Convert.ToHexString(message),
            ["hash"] = Convert.ToHexString(hash),
            ["d"] = Convert.ToHexString(d),
            ["pub"] = Convert.ToHexString(Bign.GetPublicKey(d)),
            ["t"] = Convert.ToHexString(extra),
            ["deterministic"] = true,
            ["sig"] = Convert.ToHexString(Bign.SignDeterministic(hash, d, extra)),
            ["valid"] = true,
        });
    }
}
