using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace Npes.Cli.Commands;

/// <summary><c>npes mailbox register --address TEXT…</c> and <c>npes mailbox show [--json]</c>.</summary>
internal static class MailboxCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var address = new Option<string[]>("--address")
        {
            Description = "A postal address of the mailbox, as written on an envelope (repeat for several)",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var register = new Command("register", "Register your e-mailbox at one or more postal addresses") { address };
        register.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = Session.Open(environment, globals, parseResult);
            var mailbox = await session.Api.PostAsync<JsonElement>("api/v1/mailboxes", new { addresses = parseResult.GetValue(address) }, cancellationToken);
            await environment.Output.WriteAsync(Describe(mailbox, "registered mailbox "));
            return 0;
        });

        var json = new Option<bool>("--json") { Description = "Print the mailbox as JSON" };
        var show = new Command("show", "Show your e-mailbox") { json };
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = Session.Open(environment, globals, parseResult);
            var mailbox = await session.Api.GetAsync("api/v1/mailboxes/me", cancellationToken);
            await environment.Output.WriteAsync(parseResult.GetValue(json)
                ? JsonSerializer.Serialize(mailbox, Json.Options) + Environment.NewLine
                : Describe(mailbox, "mailbox "));
            return 0;
        });

        var addressId = new Option<Guid>("--address") { Description = "Id of the address to confirm (npes mailbox show lists them)", Required = true };
        var code = new Option<string>("--code") { Description = "The 8-digit code NPES sent on paper to that address", Required = true };
        var confirm = new Command("confirm", "Confirm a mailbox address with the code sent on paper; letters reach the mailbox only then") { addressId, code };
        confirm.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = Session.Open(environment, globals, parseResult);
            var mailbox = await session.Api.PostAsync<JsonElement>(
                $"api/v1/mailboxes/me/addresses/{parseResult.GetValue(addressId):D}/confirm", new { code = parseResult.GetValue(code) }, cancellationToken);
            await environment.Output.WriteAsync(Describe(mailbox, "confirmed; mailbox "));
            return 0;
        });

        return new Command("mailbox", "Your e-mailbox") { register, show, confirm };
    }

    private static string Describe(JsonElement mailbox, string heading)
    {
        var text = new StringBuilder();
        var owner = mailbox.GetProperty("owner");
        var kind = owner.GetProperty("kind").GetString();
        var number = kind == "person"
            ? "personal number " + owner.GetProperty("personalNumber").GetString()
            : "УНП " + owner.GetProperty("unp").GetString();
        text.Append(heading).AppendLine(mailbox.GetProperty("id").GetString());
        text.Append("owner: ").Append(owner.GetProperty("name").GetString()).Append(" (").Append(kind).Append(", ").Append(number).AppendLine(")");
        text.AppendLine("addresses:");
        foreach (var item in mailbox.GetProperty("addresses").EnumerateArray())
        {
            text.Append("  - ").Append(item.GetProperty("text").GetString())
                .AppendLine(item.GetProperty("confirmed").GetBoolean()
                    ? " [confirmed]"
                    : $" [unconfirmed: npes mailbox confirm --address {item.GetProperty("id").GetString()} --code CODE, with the code sent on paper]");
        }

        return text.ToString();
    }
}
