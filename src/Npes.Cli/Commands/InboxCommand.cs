using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npes.Contracts;
using Npes.Core.Letters;

namespace Npes.Cli.Commands;

/// <summary>
/// The recipient's side: <c>npes inbox</c>, <c>npes receive ID --out DIR</c> (signs for a registered letter with the
/// profile's key or a token's, then saves the documents) and <c>npes refuse ID</c>.
/// </summary>
internal static class InboxCommand
{
    public static Command CreateInbox(CliEnvironment environment, GlobalOptions globals)
    {
        var unread = new Option<bool>("--unread") { Description = "Only letters not yet read" };
        var registered = new Option<bool>("--registered") { Description = "Only registered letters" };
        var json = new Option<bool>("--json") { Description = "Print the inbox as the server's JSON" };
        var command = new Command("inbox", "List the letters in your e-mailbox, newest first") { unread, registered, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var query = new List<string>();
            if (parseResult.GetValue(unread))
            {
                query.Add("unread=true");
            }

            if (parseResult.GetValue(registered))
            {
                query.Add("registered=true");
            }

            using var session = Session.Open(environment, globals, parseResult);
            var inbox = await session.Api.GetAsync("api/v1/mailbox/letters" + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query)), cancellationToken);
            await environment.Output.WriteAsync(parseResult.GetValue(json)
                ? JsonSerializer.Serialize(inbox, Json.Options) + Environment.NewLine
                : Describe(inbox.Deserialize<IReadOnlyList<InboxItemDto>>(Json.Options)!));
            return 0;
        });
        return command;
    }

    public static Command CreateReceive(CliEnvironment environment, GlobalOptions globals)
    {
        var id = new Argument<string>("ID") { Description = "Letter id (from `npes inbox`)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to save the documents in", Required = true };
        var key = KeyOptions();
        var command = new Command("receive", "Take a letter: sign for it with your EDS if it is registered, then save its documents") { id, output };
        key.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var letterId = LetterIds.Parse(parseResult.GetValue(id));
            var folder = parseResult.GetValue(output)!;
            using var session = Session.Open(environment, globals, parseResult);
            var letter = await session.Api.GetAsync<InboxLetterDto>($"api/v1/mailbox/letters/{letterId:D}", cancellationToken);
            if (!letter.ContentAvailable)
            {
                if (letter.Kind != LetterKinds.Registered || letter.Status != LetterStatuses.Consigned)
                {
                    throw new CliException($"Letter {letter.S10} is {letter.Kind} and {letter.Status}: its content cannot be received.");
                }

                var decided = await DecideAsync(session, environment.Error, letterId, HandoverStatement.Accept, () => key.Open(environment, session, parseResult), cancellationToken);
                await environment.Output.WriteLineAsync($"signed for registered letter {decided.S10} from {letter.SenderName}: {decided.Status}");
                letter = await session.Api.GetAsync<InboxLetterDto>($"api/v1/mailbox/letters/{letterId:D}", cancellationToken);
            }

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var document in letter.Documents ?? [])
            {
                // exactly the size the manifest names (and never more than any server takes), then its digest
                var content = await session.Api.GetBytesAsync($"api/v1/mailbox/letters/{letterId:D}/documents/{document.Position}", Math.Min(document.Size, LetterLimits.Largest), cancellationToken);
                if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(content)), document.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new CliException($"Document '{document.Name}' of letter {letter.S10} arrived damaged: its SHA-256 differs from the letter's manifest.");
                }

                var file = new FileInfo(Path.Combine(folder.FullName, SafeName(document, names)));
                await Files.WriteAsync(file, content, cancellationToken);
                await environment.Output.WriteLineAsync($"saved {file.FullName} ({content.Length} bytes, SHA-256 matches the manifest)");
            }

            return 0;
        });
        return command;
    }

    public static Command CreateRefuse(CliEnvironment environment, GlobalOptions globals)
    {
        var id = new Argument<string>("ID") { Description = "Letter id (from `npes inbox`)" };
        var key = KeyOptions();
        var command = new Command("refuse", "Refuse a registered letter with a statement signed by your EDS") { id };
        key.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var letterId = LetterIds.Parse(parseResult.GetValue(id));
            using var session = Session.Open(environment, globals, parseResult);
            var decided = await DecideAsync(session, environment.Error, letterId, HandoverStatement.Refuse, () => key.Open(environment, session, parseResult), cancellationToken);
            await environment.Output.WriteLineAsync($"refused letter {decided.S10}: {decided.Status}");
            return 0;
        });
        return command;
    }

    /// <summary>Fetches the statement for the decision, signs exactly its bytes with the key (the profile's, or a token named), and posts it.</summary>
    private static async Task<DecisionResponse> DecideAsync(Session session, TextWriter error, Guid letterId, string decision, Func<SigningKey> openKey, CancellationToken cancellationToken)
    {
        using var key = openKey();
        var statement = await session.Api.GetAsync<StatementDto>($"api/v1/mailbox/letters/{letterId:D}/statement?decision={decision}", cancellationToken);
        var toBeSigned = Statements.CheckHandover(statement.ToBeSigned, decision, letterId);
        await Statements.ShowAsync(error, toBeSigned, key.Certificate.Subject);
        var signature = key.Sign(toBeSigned);
        return await session.Api.PostAsync<DecisionResponse>(
            $"api/v1/mailbox/letters/{letterId:D}/{(decision == HandoverStatement.Accept ? "handover" : "refuse")}",
            new { statement = statement.ToBeSigned, signature = Convert.ToBase64String(signature), certificate = key.CertificateBase64 },
            cancellationToken);
    }

    private static SigningKeyOptions KeyOptions() =>
        new("Password of the profile's PKCS#12 file or key container (or environment NPES_P12_PASSWORD); never stored");

    /// <summary>The document's own file name when it is a plain name, unique in this letter; otherwise one made from its position.</summary>
    private static string SafeName(DocumentDto document, HashSet<string> taken)
    {
        var name = Path.GetFileName(document.Name);
        if (name.Length == 0 || name != document.Name || name is "." or ".." || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || !taken.Add(name))
        {
            name = string.Create(CultureInfo.InvariantCulture, $"document-{document.Position}{Path.GetExtension(document.Name)}");
            taken.Add(name);
        }

        return name;
    }

    private static string Describe(IReadOnlyList<InboxItemDto> inbox)
    {
        if (inbox.Count == 0)
        {
            return "the inbox is empty" + Environment.NewLine;
        }

        var text = new StringBuilder();
        foreach (var item in inbox)
        {
            var state = item.ContentAvailable ? (item.Read ? "read" : "unread") : "sign to open";
            text.AppendLine(CultureInfo.InvariantCulture, $"{item.Id:D}  {item.S10}  {item.Kind,-10}  {item.Status,-12}  {state,-12}  {item.SubmittedAt:u}  {item.SenderName} — {item.Subject}");
        }

        return text.ToString();
    }
}
