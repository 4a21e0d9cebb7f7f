using System.Text.Json;

namespace Npes.Eds.Stb;

/// <summary>One failed check of a vector file: the 1-based line number and what went wrong.</summary>
public sealed record BignVectorFailure(int Line, string Problem);

/// <summary>The outcome of checking a vector file: passed and failed lines, and every failed check.</summary>
public sealed record BignVectorReport(int Passed, int Failed, IReadOnlyList<BignVectorFailure> Failures);

/// <summary>
/// Checks bign-with-hbelt test vectors given as JSON lines of the form
/// <c>{"alg":"bign-with-hbelt","curve":"bign-curve256v1","msg":HEX,"hash":HEX,"d":HEX,"pub":HEX,"t":HEX,"deterministic":BOOL,"sig":HEX,"valid":BOOL}</c>
/// (any key order, <c>d</c> and <c>t</c> optional, byte strings as in the standard). Each line passes when
/// hash = belt-hash(msg), verifying sig under pub gives <c>valid</c>, pub = d·G when d is given, and — for a
/// valid deterministic vector — signing hash with d and t reproduces sig. A malformed line fails with its reason.
/// </summary>
public static class BignVectorChecker
{
    public const string Algorithm = "bign-with-hbelt";
    public const string Curve = "bign-curve256v1";

    /// <summary>Checks every non-blank line; line numbers count blank lines too.</summary>
    public static BignVectorReport Check(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var failures = new List<BignVectorFailure>();
        int passed = 0, failed = 0, number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var problems = CheckLine(line);
            if (problems.Count == 0)
            {
                passed++;
                continue;
            }

            failed++;
            failures.AddRange(problems.Select(problem => new BignVectorFailure(number, problem)));
        }

        return new BignVectorReport(passed, failed, failures);
    }

    /// <summary>The problems of one vector line; empty when it passes every check.</summary>
    public static IReadOnlyList<string> CheckLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        Vector vector;
        try
        {
            vector = Parse(line);
        }
        catch (MalformedVectorException e)
        {
            return [e.Message];
        }

        var problems = new List<string>();
        if (!BeltHash.HashData(vector.Message).AsSpan().SequenceEqual(vector.Hash))
        {
            problems.Add("hash is not belt-hash(msg)");
        }

        var verified = Bign.Verify(vector.Hash, vector.Signature, vector.PublicKey);
        if (verified != vector.Valid)
        {
            problems.Add(verified ? "sig verifies under pub, but valid is false" : "sig does not verify under pub, but valid is true");
        }

        var usableKey = false;
        if (vector.PrivateKey is { } d)
        {
            try
            {
                var derived = Bign.GetPublicKey(d);
                usableKey = true;
                if (!derived.AsSpan().SequenceEqual(vector.PublicKey))
                {
                    problems.Add("pub is not d·G");
                }
            }
            catch (ArgumentException)
            {
                problems.Add("d is not in (0, q)");
            }
        }

        if (vector.Deterministic && vector.Valid)
        {
            if (vector.PrivateKey is null)
            {
                problems.Add("a valid deterministic vector needs d to re-sign");
            }
            else if (usableKey && !Bign.SignDeterministic(vector.Hash, vector.PrivateKey, vector.Extra).AsSpan().SequenceEqual(vector.Signature))
            {
                problems.Add("deterministic signing of hash with d and t does not reproduce sig");
            }
        }

        return problems;
    }

    private static Vector Parse(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new MalformedVectorException("malformed: not valid JSON (" + e.Message + ")");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedVectorException("malformed: not a JSON object");
            }

            var algorithm = RequiredString(root, "alg");
            if (algorithm != Algorithm)
            {
                throw new MalformedVectorException($"malformed: unknown alg '{algorithm}' (expected {Algorithm})");
            }

            var curve = RequiredString(root, "curve");
            if (curve != Curve)
            {
                throw new MalformedVectorException($"malformed: unknown curve '{curve}' (expected {Curve})");
            }

            return new Vector(
                Message: Bytes(root, "msg", null, required: true)!,
                Hash: Bytes(root, "hash", Bign.HashSize, required: true)!,
                PrivateKey: Bytes(root, "d", Bign.PrivateKeySize, required: false),
                PublicKey: Bytes(root, "pub", Bign.PublicKeySize, required: true)!,
                Extra: Bytes(root, "t", null, required: false) ?? [],
                Deterministic: RequiredBoolean(root, "deterministic"),
                Signature: Bytes(root, "sig", Bign.SignatureSize, required: true)!,
                Valid: RequiredBoolean(root, "valid"));
        }
    }

    private static string RequiredString(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? throw new MalformedVectorException($"malformed: \"{name}\" is missing")
        : value.ValueKind != JsonValueKind.String ? throw new MalformedVectorException($"malformed: \"{name}\" is not a string")
        : value.GetString()!;

    private static bool RequiredBoolean(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? throw new MalformedVectorException($"malformed: \"{name}\" is missing")
        : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new MalformedVectorException($"malformed: \"{name}\" is not true or false"),
        };

    private static byte[]? Bytes(JsonElement root, string name, int? length, bool required)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return required ? throw new MalformedVectorException($"malformed: \"{name}\" is missing") : null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new MalformedVectorException($"malformed: \"{name}\" is not a hex string");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(value.GetString()!);
        }
        catch (FormatException)
        {
            throw new MalformedVectorException($"malformed: \"{name}\" is not valid hex");
        }

        return length is { } expected && bytes.Length != expected
            ? throw new MalformedVectorException($"malformed: \"{name}\" has {bytes.Length} bytes, expected {expected}")
            : bytes;
    }

    private sealed record Vector(byte[] Message, byte[] Hash, byte[]? PrivateKey, byte[] PublicKey, byte[] Extra, bool Deterministic, byte[] Signature, bool Valid);

    private sealed class MalformedVectorException(string message) : Exception(message);
}
