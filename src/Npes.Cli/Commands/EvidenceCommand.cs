using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Npes.Contracts;
using Npes.Eds.Bundles;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes evidence export --out FILE</c> saves the whole global evidence log (auditors); <c>npes evidence verify</c>
/// verifies it offline — fetched from the server, or <c>--from FILE</c> an export saved before — and names the first
/// broken link: global sequence, hash chains, canonical form, and the operator's signature and timestamp on every event.
/// </summary>
internal static class EvidenceCommand
{
    /// <summary>Events per page fetched from the server (its most).</summary>
    public const int PageSize = 5000;

    /// <summary>Largest export file read.</summary>
    public const long MaxExportBytes = 1024L * 1024 * 1024;

    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var output = new Option<FileInfo>("--out") { Description = "File to save the export in (JSON)", Required = true };
        var export = new Command("export", "Save the global evidence log (auditors only) for offline verification") { output };
        export.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = Session.Open(environment, globals, parseResult);
            var log = await FetchAsync(session.Api, cancellationToken);
            var file = parseResult.GetValue(output)!;
            await Files.WriteAsync(file, JsonSerializer.SerializeToUtf8Bytes(log, Json.Options), cancellationToken);
            await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"saved {log.Count} evidence events to {file.FullName}"));
            return 0;
        });

        var from = new Option<FileInfo>("--from") { Description = "An export from `npes evidence export`; without it the log is fetched from the server (auditors only)" };
        var trust = new TrustOptions();
        var verify = new Command("verify", "Verify the global evidence log offline and name the first broken link") { from };
        trust.AddTo(verify);
        verify.SetAction(async (parseResult, cancellationToken) =>
        {
            IReadOnlyList<ExportedEventDto> log;
            string source;
            if (parseResult.GetValue(from) is { } file)
            {
                log = await ReadAsync(file, cancellationToken);
                source = file.FullName;
            }
            else
            {
                using var session = Session.Open(environment, globals, parseResult);
                log = await FetchAsync(session.Api, cancellationToken);
                source = globals.ServerUri(parseResult).ToString();
            }

            using var verifiers = trust.Load(parseResult);
            await environment.Output.WriteLineAsync(verifiers.Description);
            await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"log: {log.Count} events from {source}"));
            var verification = verifiers.Log.Verify(Decode(log));
            if (!verification.IsValid)
            {
                await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ok      {verification.Events} events verified before the break"));
                await environment.Output.WriteLineAsync("BROKEN  " + verification.Failure);
                throw new CliException("the evidence log does not verify; first broken link: " + verification.Failure);
            }

            await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"the evidence log verifies: {verification.Events} events of {verification.Letters} letters, each chained and signed by the operator; head {verification.HeadHash}"));
            return 0;
        });

        return new Command("evidence", "The global evidence log, for auditors") { export, verify };
    }

    private static async Task<List<ExportedEventDto>> FetchAsync(ApiClient api, CancellationToken cancellationToken)
    {
        var log = new List<ExportedEventDto>();
        while (true)
        {
            var after = log.Count == 0 ? 0 : log[^1].GlobalSeq;
            var page = await api.GetAsync<List<ExportedEventDto>>(string.Create(CultureInfo.InvariantCulture, $"api/v1/evidence/log?after={after}&limit={PageSize}"), cancellationToken);
            log.AddRange(page);
            if (page.Count < PageSize)
            {
                return log;
            }
        }
    }

    private static async Task<IReadOnlyList<ExportedEventDto>> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliException($"No such file: {file.FullName}") { ExitCode = 2 };
        }

        if (file.Length > MaxExportBytes)
        {
            throw new CliException($"{file.Name} has {file.Length} bytes; at most {MaxExportBytes} are accepted.") { ExitCode = 2 };
        }

        try
        {
            await using var stream = file.OpenRead();
            var log = await JsonSerializer.DeserializeAsync<List<ExportedEventDto>>(stream, Json.Options, cancellationToken);
            return log is not null && log.All(e => e is { Encoded: not null, Signature: not null })
                ? log
                : throw new CliException($"{file.Name} is not an evidence export: every event needs 'encoded' and 'signature'.") { ExitCode = 2 };
        }
        catch (JsonException e)
        {
            throw new CliException($"{file.Name} is not an evidence export (a JSON array of events): {e.Message}") { ExitCode = 2 };
        }
    }

    /// <summary>The events as the verifier reads them; an event that is not base64 becomes bytes no event decodes from.</summary>
    private static IEnumerable<ExportedEvent> Decode(IEnumerable<ExportedEventDto> log) =>
        log.Select(e => new ExportedEvent(FromBase64(e.Encoded), FromBase64(e.Signature)));

    private static byte[] FromBase64(string value)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
