using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npes.Addressing.Mailboxes;
using Npes.Addressing.Matching;
using Npes.Addressing.Model;
using Npes.Addressing.Parsing;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes address parse TEXT</c> and <c>npes address resolve --directory D --queries Q</c>: the addressing tools,
/// offline (no server, no database).
/// </summary>
internal static class AddressCommand
{
    private static readonly JsonSerializerOptions ParseOutput = new(Json.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly JsonWriterOptions LineOutput = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliEnvironment environment)
    {
        var text = new Argument<string>("text") { Description = "The address, e.g. \"220030, г. Минск, пр-т Независимости, 4-12\"" };
        var parse = new Command("parse", "Split a postal address into its components and print them as JSON") { text };
        parse.SetAction(async parseResult =>
        {
            var result = new AddressParser().Parse(parseResult.GetValue(text));
            if (!result.Succeeded)
            {
                throw new CliException("cannot parse the address: " + result.Error);
            }

            await environment.Output.WriteLineAsync(JsonSerializer.Serialize(ParsedAddressJson.From(result), ParseOutput));
            return 0;
        });

        var directory = new Option<FileInfo>("--directory") { Description = "Mailboxes, one JSON object a line: {\"mailbox\":ID,\"kind\":\"person\"|\"organisation\",\"name\":…,\"address\":…,\"unp\":…?}", Required = true };
        var queries = new Option<FileInfo>("--queries") { Description = "Recipients, one JSON object a line: {\"id\":ID,\"name\":…,\"address\":…,\"unp\":…?}", Required = true };
        var resolve = new Command("resolve", "Resolve each query to one mailbox of the directory, or to none with a reason; one JSON line per query, in order. "
            + "Every input line is checked before anything is printed: a malformed line stops the run with its line number.") { directory, queries };
        resolve.SetAction(async (parseResult, cancellationToken) =>
        {
            var mailboxIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
            var mailboxLines = ReadLines(parseResult.GetValue(directory)!, "directory", (line, number) => JsonLines.ReadMailbox(line, number, mailboxIds));
            var queryLines = ReadLines(parseResult.GetValue(queries)!, "queries", JsonLines.ReadQuery);

            var lineOf = new Dictionary<MailboxEntry, int>(ReferenceEqualityComparer.Instance);
            var idOf = new Dictionary<Guid, JsonElement>();
            foreach (var (line, number) in mailboxLines)
            {
                lineOf[line.Entry] = number;
                idOf.TryAdd(line.Entry.MailboxId, line.Id);
            }

            using var index = MailboxDirectory.Build(mailboxLines.Select(l => l.Value.Entry));
            foreach (var rejected in index.Rejected)
            {
                await environment.Error.WriteLineAsync($"npes: directory line {lineOf[rejected.Entry]}: the address is not usable ({rejected.Reason}); that mailbox cannot be matched there.");
            }

            var resolver = new RecipientResolver(index);
            foreach (var (query, _) in queryLines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var resolution = resolver.Resolve(query.Query);
                await environment.Output.WriteLineAsync(AnswerLine(query.Id, resolution.MailboxId is { } id ? idOf[id] : null, $"{resolution.Outcome}: {resolution.Reason}"));
            }

            return 0;
        });

        return new Command("address", "Postal addressing tools (offline)") { parse, resolve };
    }

    private static List<(T Value, int Number)> ReadLines<T>(FileInfo file, string what, Func<string, int, T> read)
    {
        var lines = new List<(T, int)>();
        try
        {
            var number = 0;
            foreach (var line in File.ReadLines(file.FullName))
            {
                number++;
                if (!string.IsNullOrWhiteSpace(line))
                {
                    lines.Add((read(line, number), number));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the {what} file {file.FullName}: {e.Message}", e) { ExitCode = 2 };
        }
        catch (FormatException e)
        {
            throw new CliException($"{what} file {file.Name}, {e.Message}", e) { ExitCode = 2 };
        }

        return lines;
    }

    private static string AnswerLine(JsonElement id, JsonElement? mailbox, string reason)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, LineOutput))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("id");
            id.WriteTo(writer);
            writer.WritePropertyName("mailbox");
            if (mailbox is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteString("reason", reason);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The parse output: the components, the canonical form, and what was not understood.</summary>
    private sealed record ParsedAddressJson(
        string? Postcode,
        string? Region,
        string? District,
        string? Selsovet,
        SettlementType? SettlementType,
        string? Settlement,
        StreetType? StreetType,
        string? Street,
        string? House,
        string? Building,
        UnitType? UnitType,
        string? Unit,
        string Canonical,
        IReadOnlyList<string> Unrecognised)
    {
        public static ParsedAddressJson From(AddressParseResult result)
        {
            var a = result.Address!;
            return new(a.Postcode, a.Region, a.District, a.Selsovet, a.SettlementType, a.Settlement, a.StreetType, a.Street, a.House, a.Building, a.UnitType, a.Unit,
                AddressFormatter.Format(a), result.Unrecognised);
        }
    }
}
