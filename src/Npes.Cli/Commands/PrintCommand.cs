using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes print …</c>: the print shop's shift from the command line (operators only) — list batches, close the
/// open ones, download a batch with its manifests, mark it printed and dispatched, record each piece's outcome.
/// </summary>
internal static class PrintCommand
{
    /// <summary>The largest batch file the CLI accepts (a full batch of C4 pieces stays well below).</summary>
    public const long MaxBatchBytes = 2L * 1024 * 1024 * 1024;

    private const long MaxManifestBytes = 64L * 1024 * 1024;

    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var print = new Command("print", "Print shop (operators): batches, downloads, printed / dispatched, outcomes");
        print.Subcommands.Add(Batches(environment, globals));
        print.Subcommands.Add(Close(environment, globals));
        print.Subcommands.Add(Download(environment, globals));
        print.Subcommands.Add(Move(environment, globals, "mark-printed", "printed", "Record that a batch was printed"));
        print.Subcommands.Add(Move(environment, globals, "dispatch", "dispatched", "Record that a batch's pieces were enveloped and handed to the post"));
        print.Subcommands.Add(Outcome(environment, globals));
        print.Subcommands.Add(Attention(environment, globals));
        return print;
    }

    private static Command Batches(CliEnvironment environment, GlobalOptions globals)
    {
        var json = new Option<bool>("--json") { Description = "Print the server's JSON" };
        var state = new Option<string?>("--state") { Description = "Only batches in this state: open, closed, ready, printed, dispatched" };
        var command = new Command("batches", "List print batches, newest first") { json, state };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = Session.Open(environment, globals, parseResult);
            var filter = parseResult.GetValue(state) is { } s ? "?state=" + Uri.EscapeDataString(s) : string.Empty;
            var batches = await session.Api.GetAsync<List<BatchView>>("api/v1/print/batches" + filter, cancellationToken);
            if (parseResult.GetValue(json))
            {
                await environment.Output.WriteLineAsync(JsonSerializer.Serialize(batches, Json.Options));
                return 0;
            }

            if (batches.Count == 0)
            {
                await environment.Output.WriteLineAsync("no batches");
                return 0;
            }

            await environment.Output.WriteLineAsync("number               state       envelope  pieces  sheets  opened");
            foreach (var b in batches)
            {
                await environment.Output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{b.Number,-20} {b.State,-11} {b.Envelope,-9} {b.Pieces,6}  {b.Sheets,6}  {b.OpenedAt:u}{(b.LastError is null ? string.Empty : "  error: " + b.LastError)}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Close(CliEnvironment environment, GlobalOptions globals)
    {
        var command = new Command("close", "Close every open batch now (their files are built in the background)");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = Session.Open(environment, globals, parseResult);
            var closed = await session.Api.PostAsync<CloseView>("api/v1/print/batches/close", new { }, cancellationToken);
            await environment.Output.WriteLineAsync(closed.Closed.Count == 0
                ? "no open batches"
                : $"closed {closed.Closed.Count} batch(es): " + string.Join(", ", closed.Closed.Select(b => $"{b.Number} ({b.Pieces} pieces)")));
            return 0;
        });
        return command;
    }

    private static Command Download(CliEnvironment environment, GlobalOptions globals)
    {
        var batch = new Argument<string>("BATCH") { Description = "Batch number or id" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the batch PDF, manifest.csv and manifest.json", Required = true };
        var command = new Command("download", "Download a batch's print file and manifests, checking the file against the manifest") { batch, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var reference = BatchReference(parseResult.GetValue(batch));
            var folder = parseResult.GetValue(output)!;
            using var session = Session.Open(environment, globals, parseResult);
            var json = await session.Api.GetBytesAsync($"api/v1/print/batches/{reference}/manifest.json", MaxManifestBytes, cancellationToken);
            var csv = await session.Api.GetBytesAsync($"api/v1/print/batches/{reference}/manifest.csv", MaxManifestBytes, cancellationToken);
            var pdf = await session.Api.GetBytesAsync($"api/v1/print/batches/{reference}/file", MaxBatchBytes, cancellationToken);
            var manifest = JsonDocument.Parse(json).RootElement;
            var expected = manifest.TryGetProperty("file", out var file) && file.TryGetProperty("sha256", out var sha) ? sha.GetString() : null;
            var actual = Convert.ToHexStringLower(SHA256.HashData(pdf));
            if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException($"the batch file's SHA-256 {actual} does not match the manifest's {expected ?? "(none)"}; nothing was saved.");
            }

            var number = manifest.TryGetProperty("batch", out var header) && header.TryGetProperty("number", out var n) && n.GetString() is { Length: > 0 } text && !text.Contains('/', StringComparison.Ordinal) && !text.Contains('\\', StringComparison.Ordinal)
                ? text
                : reference;
            var pdfFile = new FileInfo(Path.Combine(folder.FullName, number + ".pdf"));
            await Files.WriteAsync(pdfFile, pdf, cancellationToken);
            await Files.WriteAsync(new FileInfo(Path.Combine(folder.FullName, "manifest.csv")), csv, cancellationToken);
            await Files.WriteAsync(new FileInfo(Path.Combine(folder.FullName, "manifest.json")), json, cancellationToken);
            await environment.Output.WriteLineAsync($"saved batch {number} to {folder.FullName}: {pdfFile.Name} ({pdf.Length} bytes, sha256 {actual} as in the manifest), manifest.csv, manifest.json");
            return 0;
        });
        return command;
    }

    private static Command Move(CliEnvironment environment, GlobalOptions globals, string name, string action, string description)
    {
        var batch = new Argument<string>("BATCH") { Description = "Batch number or id" };
        var command = new Command(name, description) { batch };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var reference = BatchReference(parseResult.GetValue(batch));
            using var session = Session.Open(environment, globals, parseResult);
            var moved = await session.Api.PostAsync<BatchView>($"api/v1/print/batches/{reference}/{action}", new { }, cancellationToken);
            await environment.Output.WriteLineAsync($"batch {moved.Number} is {moved.State}: {moved.Pieces} pieces");
            return 0;
        });
        return command;
    }

    private static Command Outcome(CliEnvironment environment, GlobalOptions globals)
    {
        var s10 = new Argument<string>("S10") { Description = "The piece's S10 id, e.g. RR000000011BY" };
        var delivered = new Option<bool>("--delivered") { Description = "The post delivered the piece" };
        var returned = new Option<string?>("--returned") { Description = "The piece came back: address_unknown, refused or not_collected" };
        var command = new Command("outcome", "Record a dispatched piece's physical outcome") { s10, delivered, returned };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var isDelivered = parseResult.GetValue(delivered);
            var reason = parseResult.GetValue(returned);
            if (isDelivered == (reason is not null))
            {
                throw new CliException("give exactly one of --delivered or --returned REASON.") { ExitCode = 2 };
            }

            if (reason is not null and not ("address_unknown" or "refused" or "not_collected"))
            {
                throw new CliException($"--returned '{reason}': the reason is address_unknown, refused or not_collected.") { ExitCode = 2 };
            }

            var id = parseResult.GetValue(s10)!.Trim().ToUpperInvariant();
            using var session = Session.Open(environment, globals, parseResult);
            var body = isDelivered ? (object)new { outcome = "delivered" } : new { outcome = "returned", reason };
            var piece = await session.Api.PostAsync<PieceView>($"api/v1/print/pieces/{Uri.EscapeDataString(id)}/outcome", body, cancellationToken);
            await environment.Output.WriteLineAsync($"piece {piece.S10} is {piece.State}");
            return 0;
        });
        return command;
    }

    private static Command Attention(CliEnvironment environment, GlobalOptions globals)
    {
        var json = new Option<bool>("--json") { Description = "Print the server's JSON" };
        var command = new Command("attention", "Pieces that kept failing to render, with the reason") { json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = Session.Open(environment, globals, parseResult);
            var pieces = await session.Api.GetAsync<List<PieceView>>("api/v1/print/attention", cancellationToken);
            if (parseResult.GetValue(json))
            {
                await environment.Output.WriteLineAsync(JsonSerializer.Serialize(pieces, Json.Options));
                return 0;
            }

            var text = new StringBuilder();
            foreach (var p in pieces)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{p.S10}  attempts {p.Attempts}  {p.LastError}");
            }

            await environment.Output.WriteAsync(pieces.Count == 0 ? "no pieces need attention" + Environment.NewLine : text.ToString());
            return 0;
        });
        return command;
    }

    private static string BatchReference(string? value)
    {
        var text = value?.Trim() ?? string.Empty;
        return text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? text
            : throw new CliException($"'{value}' is not a batch number or id.") { ExitCode = 2 };
    }

    private sealed record BatchView(Guid Id, string Number, string State, string Envelope, int Pieces, int Sheets, int? Pages, DateTimeOffset OpenedAt, string? Sha256, string? LastError);

    private sealed record CloseView(IReadOnlyList<BatchView> Closed);

    private sealed record PieceView(string S10, string State, int Attempts, string? LastError);
}
