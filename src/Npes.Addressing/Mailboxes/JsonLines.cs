using System.Text.Json;
using Npes.Addressing.Names;
using Npes.Core.Addressing;

namespace Npes.Addressing.Mailboxes;

/// <summary>A directory line: the mailbox id as written (string or number) and the entry.</summary>
public sealed record MailboxLine(JsonElement Id, MailboxEntry Entry);

/// <summary>A query line: the query id as written (string or number) and the recipient.</summary>
public sealed record QueryLine(JsonElement Id, RecipientQuery Query);

/// <summary>
/// The offline JSON Lines formats: directory lines <c>{"mailbox":ID,"kind":"person"|"organisation","name":…,"address":…,"unp":…?}</c>
/// and query lines <c>{"id":ID,"name":…,"address":…,"unp":…?}</c> (other keys ignored). IDs are strings or numbers.
/// </summary>
public static class JsonLines
{
    /// <summary>Reads one directory line; <paramref name="mailboxIds"/> gives each distinct ID one <see cref="Guid"/>.</summary>
    /// <exception cref="FormatException">The line is not a directory line; the message names the line number.</exception>
    public static MailboxLine ReadMailbox(string line, int lineNumber, IDictionary<string, Guid> mailboxIds)
    {
        ArgumentNullException.ThrowIfNull(mailboxIds);
        var root = Object(line, lineNumber);
        var id = Id(root, "mailbox", lineNumber);
        var kind = Text(root, "kind", lineNumber) switch
        {
            "person" => MailboxKind.Person,
            "organisation" => MailboxKind.Organisation,
            var other => throw new FormatException($"line {lineNumber}: \"kind\" must be \"person\" or \"organisation\", not \"{other}\"."),
        };
        var key = id.GetRawText();
        if (!mailboxIds.TryGetValue(key, out var guid))
        {
            mailboxIds[key] = guid = Guid.NewGuid();
        }

        return new MailboxLine(id, new MailboxEntry(guid, kind, Text(root, "name", lineNumber), Text(root, "address", lineNumber), OptionalText(root, "unp", lineNumber)));
    }

    /// <exception cref="FormatException">The line is not a query line; the message names the line number.</exception>
    public static QueryLine ReadQuery(string line, int lineNumber)
    {
        var root = Object(line, lineNumber);
        return new QueryLine(Id(root, "id", lineNumber), new RecipientQuery(Text(root, "name", lineNumber), Text(root, "address", lineNumber), OptionalText(root, "unp", lineNumber)));
    }

    private static JsonElement Object(string line, int lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new FormatException($"line {lineNumber}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"line {lineNumber}: not valid JSON ({e.Message})", e);
        }
    }

    private static JsonElement Id(JsonElement root, string name, int lineNumber) =>
        root.TryGetProperty(name, out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? id
            : throw new FormatException($"line {lineNumber}: \"{name}\" must be a string or a number.");

    private static string Text(JsonElement root, string name, int lineNumber) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"line {lineNumber}: \"{name}\" must be a string.");

    // A УНП may come as a string or a number.
    private static string? OptionalText(JsonElement root, string name, int lineNumber) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : throw new FormatException($"line {lineNumber}: \"{name}\" must be a string or a number when present.");
}
