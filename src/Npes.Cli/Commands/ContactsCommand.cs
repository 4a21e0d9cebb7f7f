using System.CommandLine;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes contacts list|add|confirm|resend|set|remove</c>: the e-mail addresses and mobile numbers where your mailbox's
/// notices of new letters go.
/// </summary>
internal static class ContactsCommand
{
    private const string Path = "api/v1/mailbox/contacts";

    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var list = new Command("list", "Your contact points and whether each is confirmed") { json };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = Session.Open(environment, globals, parseResult);
            var contacts = await session.Api.GetAsync(Path, cancellationToken);
            await environment.Output.WriteAsync(parseResult.GetValue(json)
                ? JsonSerializer.Serialize(contacts, Json.Options) + Environment.NewLine
                : Describe(contacts.EnumerateArray()));
            return 0;
        });

        var email = new Option<string?>("--email") { HelpName = "ADDRESS", Description = "An e-mail address" };
        var phone = new Option<string?>("--phone") { HelpName = "NUMBER", Description = "A mobile number in international form, e.g. +375291234567" };
        var language = new Option<string>("--language") { HelpName = "ru|be|en", Description = "The notices' language", DefaultValueFactory = _ => "ru" };
        var add = new Command("add", "Add an e-mail address or mobile number; a one-time code is sent to it") { email, phone, language, json };
        add.SetAction(async (parseResult, cancellationToken) =>
        {
            var (channel, address) = (parseResult.GetValue(email), parseResult.GetValue(phone)) switch
            {
                ({ } e, null) => ("email", e),
                (null, { } p) => ("sms", p),
                _ => throw new CliException("Give exactly one of --email and --phone.") { ExitCode = 2 },
            };
            using var session = Session.Open(environment, globals, parseResult);
            var contact = await session.Api.PostAsync<JsonElement>(Path, new { channel, address, language = parseResult.GetValue(language) }, cancellationToken);
            await WriteAsync(environment, contact, parseResult.GetValue(json),
                $"a code was sent; confirm with: npes contacts confirm --id {contact.GetProperty("id").GetString()} --code CODE");
            return 0;
        });

        var id = new Option<Guid>("--id") { Description = "Id of the contact point (npes contacts list shows them)", Required = true };
        var code = new Option<string>("--code") { Description = "The 6-digit code the contact point received", Required = true };
        var confirm = new Command("confirm", "Confirm a contact point with its code; only confirmed ones receive notices") { id, code, json };
        confirm.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = Session.Open(environment, globals, parseResult);
            var contact = await session.Api.PostAsync<JsonElement>($"{Path}/{parseResult.GetValue(id):D}/confirm", new { code = parseResult.GetValue(code) }, cancellationToken);
            await WriteAsync(environment, contact, parseResult.GetValue(json), "confirmed");
            return 0;
        });

        var resend = new Command("resend", "Send a new code to an unconfirmed contact point") { id, json };
        resend.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = Session.Open(environment, globals, parseResult);
            var contact = await session.Api.PostAsync<JsonElement>($"{Path}/{parseResult.GetValue(id):D}/resend", new { }, cancellationToken);
            await WriteAsync(environment, contact, parseResult.GetValue(json), "a new code was sent");
            return 0;
        });

        var setLanguage = new Option<string?>("--language") { HelpName = "ru|be|en", Description = "The notices' language" };
        var notify = new Option<string?>("--notify") { HelpName = "on|off", Description = "Whether notices go to this contact point" };
        var set = new Command("set", "Change a contact point's language, or switch its notices on or off") { id, setLanguage, notify, json };
        set.SetAction(async (parseResult, cancellationToken) =>
        {
            bool? on = parseResult.GetValue(notify) switch
            {
                null => null,
                "on" => true,
                "off" => false,
                _ => throw new CliException("--notify is 'on' or 'off'.") { ExitCode = 2 },
            };
            using var session = Session.Open(environment, globals, parseResult);
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"{Path}/{parseResult.GetValue(id):D}")
            {
                Content = JsonContent.Create(new { language = parseResult.GetValue(setLanguage), notify = on }, options: Json.Options),
            };
            var (_, contact) = await session.Api.SendAsync<JsonElement>(request, cancellationToken);
            await WriteAsync(environment, contact, parseResult.GetValue(json), "changed");
            return 0;
        });

        var remove = new Command("remove", "Remove a contact point; notices still due to it are dropped") { id };
        remove.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = Session.Open(environment, globals, parseResult);
            await session.Api.DeleteAsync($"{Path}/{parseResult.GetValue(id):D}", cancellationToken);
            await environment.Output.WriteAsync($"removed {parseResult.GetValue(id):D}{Environment.NewLine}");
            return 0;
        });

        return new Command("contacts", "Where you hear of new letters: e-mail and mobile contact points") { list, add, confirm, resend, set, remove };
    }

    private static async Task WriteAsync(CliEnvironment environment, JsonElement contact, bool json, string note) =>
        await environment.Output.WriteAsync(json
            ? JsonSerializer.Serialize(contact, Json.Options) + Environment.NewLine
            : Describe([contact]) + note + Environment.NewLine);

    private static string Describe(IEnumerable<JsonElement> contacts)
    {
        var text = new StringBuilder();
        foreach (var c in contacts)
        {
            text.Append(c.GetProperty("id").GetString()).Append("  ")
                .Append(c.GetProperty("channel").GetString()).Append("  ")
                .Append(c.GetProperty("address").GetString()).Append("  ")
                .Append(c.GetProperty("language").GetString()).Append("  ")
                .Append(c.GetProperty("confirmed").GetBoolean() ? "confirmed" : "unconfirmed")
                .AppendLine(c.GetProperty("notify").GetBoolean() ? "" : "  (notices off)");
        }

        return text.Length == 0 ? "no contact points" + Environment.NewLine : text.ToString();
    }
}
