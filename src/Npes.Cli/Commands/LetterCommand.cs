using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npes.Contracts;

namespace Npes.Cli.Commands;

/// <summary><c>npes letter show ID [--json]</c>: a sent letter's status, routing, documents and evidence events.</summary>
internal static class LetterCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var id = new Argument<string>("ID") { Description = "Letter id" };
        var json = new Option<bool>("--json") { Description = "Print the letter as the server's JSON" };
        var show = new Command("show", "Show a letter you sent: status, routing, documents and the events timeline") { id, json };
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            var letterId = LetterIds.Parse(parseResult.GetValue(id));
            using var session = Session.Open(environment, globals, parseResult);
            var letter = await session.Api.GetAsync($"api/v1/letters/{letterId:D}", cancellationToken);
            await environment.Output.WriteAsync(parseResult.GetValue(json)
                ? JsonSerializer.Serialize(letter, Json.Options) + Environment.NewLine
                : Describe(letter.Deserialize<LetterDto>(Json.Options)!));
            return 0;
        });
        return new Command("letter", "Letters you sent") { show };
    }

    private static string Describe(LetterDto letter)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{letter.Kind} letter {letter.S10} (id {letter.Id:D}): {letter.Status}");
        text.AppendLine(CultureInfo.InvariantCulture, $"subject: {letter.Subject}");
        text.AppendLine(CultureInfo.InvariantCulture, $"to: {letter.Recipient.Name}, {letter.Recipient.Address}{(letter.Recipient.Unp is null ? string.Empty : ", УНП " + letter.Recipient.Unp)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"routing: {letter.Routing.Channel}, {letter.Routing.Outcome} ({letter.Routing.Reason})");
        text.AppendLine(CultureInfo.InvariantCulture, $"submitted: {letter.SubmittedAt:u}{(letter.AcceptDeadline is { } deadline ? $"; to be signed for by {deadline:u}" : string.Empty)}");
        text.AppendLine("documents:");
        foreach (var document in letter.Documents)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {document.Position}. {document.Name} ({document.MediaType}, {document.Size} bytes) sha256 {document.Sha256}");
        }

        text.AppendLine("events:");
        foreach (var e in letter.Events)
        {
            var details = e.Details.Count == 0 ? string.Empty : " — " + string.Join(", ", e.Details.Select(d => $"{d.Key}: {d.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"  {e.Seq}. {e.OccurredAt:u} {e.Type}{details}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"receipts: {(letter.Receipts.Count == 0 ? "none" : string.Join(", ", letter.Receipts))}");
        return text.ToString();
    }
}
