using System.CommandLine;
using System.Text.Json;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes send --to-name TEXT --to-address TEXT --file F…</c> sends one letter; <c>npes send --bulk letters.csv</c>
/// sends one letter per CSV line (see <see cref="BulkSend"/>).
/// </summary>
internal static class SendCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var toName = new Option<string?>("--to-name") { HelpName = "TEXT", Description = "Recipient's full name or organisation name, as on an envelope" };
        var toAddress = new Option<string?>("--to-address") { HelpName = "TEXT", Description = "Recipient's postal address, as on an envelope" };
        var toUnp = new Option<string?>("--to-unp") { HelpName = "UNP", Description = "Recipient organisation's УНП (9 digits)" };
        var files = new Option<string[]>("--file") { HelpName = "FILE", Description = "A document: PDF, PNG, JPEG or UTF-8 text (repeat for up to 3; 10 MB together)", AllowMultipleArgumentsPerToken = false };
        var registered = new Option<bool>("--registered") { Description = "Send a registered letter: the recipient signs for it with an EDS" };
        var subject = new Option<string?>("--subject") { HelpName = "TEXT", Description = "Subject (default: the first file's name)" };
        var key = new Option<string?>("--idempotency-key") { HelpName = "KEY", Description = "Sending again with the same key returns the same letter instead of a second one" };
        var receiptOut = new Option<FileInfo?>("--receipt-out") { HelpName = "FILE", Description = "Save the acceptance receipt (CMS, DER) to this file" };
        var printDays = new Option<int?>("--print-if-not-claimed-days") { HelpName = "N", Description = "Policy: send on paper when a registered letter is not signed for in time" };
        var acceptDays = new Option<int?>("--accept-window-days") { HelpName = "N", Description = "Policy: days the recipient has to sign for a registered letter (1-90)" };
        var json = new Option<bool>("--json") { Description = "Print {\"id\",\"s10\",\"status\"} as JSON" };
        var noNotify = new Option<bool>("--no-notify") { Description = "Send no e-mail or SMS notices of this letter to the recipient's contact points" };
        var bulk = new Option<FileInfo?>("--bulk") { HelpName = "CSV", Description = "Send one letter per line of this CSV file instead (" + BulkSend.FormatHelp + "; see docs/cli.md)" };
        var sign = new Option<bool>("--sign") { Description = "Sign the letter (recipient, subject, documents' SHA-256) with the profile's EDS key, or the token key --pkcs11 names; the receipt and bundle carry that signature" };
        var signingKey = new SigningKeyOptions("With --sign: password of the profile's PKCS#12 file or key container (or environment NPES_P12_PASSWORD); never stored");
        var allowOutside = new Option<bool>("--allow-outside") { Description = "With --bulk: let the CSV's files column name documents outside the CSV's folder (absolute paths, '..', links leading out)" };
        var output = new Option<FileInfo?>("--out") { HelpName = "FILE", Description = "With --bulk: the result CSV (line,id,s10,status,error_code,error); default NAME.results.csv beside the input" };
        var command = new Command("send", "Send a simple or registered e-letter by the recipient's name and postal address")
        {
            toName, toAddress, toUnp, files, registered, subject, key, receiptOut, printDays, acceptDays, json, noNotify, sign, bulk, output, allowOutside,
        };
        signingKey.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(bulk) is { } csv)
            {
                Option[] single = [toName, toAddress, toUnp, files, registered, subject, key, receiptOut, printDays, acceptDays, json, noNotify, sign, .. signingKey.All];
                if (single.FirstOrDefault(o => parseResult.GetResult(o) is { Implicit: false }) is { } extra)
                {
                    throw new CliException($"{extra.Name} describes a single letter; with --bulk every letter comes from the CSV.") { ExitCode = 2 };
                }

                var lines = BulkSend.ReadFile(csv, parseResult.GetValue(allowOutside));
                using var bulkSession = Session.Open(environment, globals, parseResult);
                return await BulkSend.RunAsync(environment, bulkSession.Api, lines, csv, parseResult.GetValue(output), cancellationToken);
            }

            if (parseResult.GetValue(allowOutside))
            {
                throw new CliException("--allow-outside applies to the files column of a --bulk CSV.") { ExitCode = 2 };
            }

            if (parseResult.GetValue(output) is not null)
            {
                throw new CliException("--out names the result CSV of --bulk; a single letter's receipt goes to --receipt-out.") { ExitCode = 2 };
            }

            var name = Required(parseResult.GetValue(toName), "--to-name");
            var address = Required(parseResult.GetValue(toAddress), "--to-address");
            var paths = parseResult.GetValue(files) ?? [];
            if (paths.Length == 0)
            {
                throw new CliException("Give the letter's documents with --file.") { ExitCode = 2 };
            }

            using var session = Session.Open(environment, globals, parseResult);
            var limits = await LetterLimits.FetchAsync(session.Api, cancellationToken);
            if (paths.Length > limits.MaxDocuments)
            {
                throw new CliException($"Give 1 to {limits.MaxDocuments} documents with --file (the server's limit); {paths.Length} given.") { ExitCode = 2 };
            }

            var documents = paths.Select(p => LetterDocument.Load(p, limits)).ToList();
            var draft = new LetterDraft(
                name,
                address,
                parseResult.GetValue(toUnp),
                parseResult.GetValue(registered),
                parseResult.GetValue(subject) ?? documents[0].Name,
                documents,
                parseResult.GetValue(printDays),
                parseResult.GetValue(acceptDays),
                Silent: parseResult.GetValue(noNotify));

            if (parseResult.GetValue(sign))
            {
                using var sender = signingKey.Open(environment, session, parseResult);
                draft = draft with { SenderSignature = sender.SignDetachedCms(draft.SenderManifest()) };
            }
            else if (signingKey.Token.All.FirstOrDefault(o => parseResult.GetResult(o) is { Implicit: false }) is { } stray)
            {
                throw new CliException($"{stray.Name} chooses the key that signs the letter; it goes with --sign.") { ExitCode = 2 };
            }

            var (created, letter) = await LetterSubmission.SendAsync(session.Api, draft, parseResult.GetValue(key), limits, cancellationToken);
            var receiptFile = parseResult.GetValue(receiptOut);
            if (receiptFile is not null)
            {
                await Files.WriteAsync(receiptFile, Convert.FromBase64String(letter.Receipt), cancellationToken);
            }

            if (parseResult.GetValue(json))
            {
                await environment.Output.WriteLineAsync(JsonSerializer.Serialize(new { id = letter.Id, s10 = letter.S10, status = letter.Status }, Json.Options));
                return 0;
            }

            await environment.Output.WriteLineAsync(
                $"{(created ? "sent" : "already sent with this idempotency key:")} {(draft.Registered ? "registered" : "simple")} letter {letter.S10} (id {letter.Id:D}): "
                + $"{letter.Status}; routing {letter.Routing.Channel}, {letter.Routing.Outcome} ({letter.Routing.Reason})");
            if (receiptFile is not null)
            {
                await environment.Output.WriteLineAsync($"acceptance receipt saved to {receiptFile.FullName}");
            }

            return 0;
        });
        return command;
    }

    private static string Required(string? value, string option) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new CliException($"{option} is required (or --bulk FILE to send from a CSV).") { ExitCode = 2 }
            : value;
}
