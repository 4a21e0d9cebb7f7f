using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npes.Server.Tests;
using Npes.Testing;

namespace Npes.Cli.Tests;

/// <summary><c>npes contacts …</c> and <c>npes send --no-notify</c> against the real host, codes through a real SMTP server.</summary>
public sealed partial class ContactsCommandTests
{
    private const string CitizenAddress = "220030, г. Минск, ул. Интернациональная, д. 10, кв. 5";
    private const string CitizenName = "Иванов Иван Иванович";
    private const string Email = "ivanov@example.by";

    [Fact]
    public async Task Contacts_AddConfirmSwitchRemove_ThroughCli()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var app = await NpesApp.StartAsync(s =>
        {
            s["Npes:Notifications:Email:Host"] = "127.0.0.1";
            s["Npes:Notifications:Email:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture);
            s["Npes:Notifications:Email:Security"] = "None";
            s["Npes:Notifications:Email:From"] = "no-reply@npes.test";
        });
        using var cli = new Cli(app.Server.CreateHandler());
        foreach (var (p12, profile) in new[] { ("org-1.p12", "org"), ("citizen-1.p12", "citizen") })
        {
            var login = await cli.RunAsync("login", "--p12", TestPki.File(p12), "--password", "npes-demo", "--profile", profile);
            Assert.True(login.Exit == 0, login.Error);
        }

        await cli.ConfirmMailboxAsync(app, "citizen", CitizenAddress);

        var bad = await cli.RunAsync("contacts", "add", "--email", "not an address", "--profile", "citizen");
        var both = await cli.RunAsync("contacts", "add", "--email", Email, "--phone", "+375291234567", "--profile", "citizen");
        var add = await cli.RunAsync("contacts", "add", "--email", Email, "--language", "be", "--json", "--profile", "citizen");
        Assert.NotEqual(0, bad.Exit);
        Assert.Contains("npes.contacts.invalid", bad.Error, StringComparison.Ordinal);
        Assert.Equal(2, both.Exit);
        Assert.True(add.Exit == 0, add.Error);
        var id = JsonDocument.Parse(add.Output).RootElement.GetProperty("id").GetString()!;

        var code = Code().Match(Assert.Single(smtp.To(Email)).TextBody ?? string.Empty).Value;
        var wrong = await cli.RunAsync("contacts", "confirm", "--id", id, "--code", code == "111111" ? "222222" : "111111", "--profile", "citizen");
        var confirm = await cli.RunAsync("contacts", "confirm", "--id", id, "--code", code, "--profile", "citizen");
        var off = await cli.RunAsync("contacts", "set", "--id", id, "--notify", "off", "--profile", "citizen");
        var list = await cli.RunAsync("contacts", "list", "--profile", "citizen");

        Assert.Contains("npes.contacts.code_wrong", wrong.Error, StringComparison.Ordinal);
        Assert.True(confirm.Exit == 0, confirm.Error);
        Assert.Contains("confirmed", confirm.Output, StringComparison.Ordinal);
        Assert.True(off.Exit == 0, off.Error);
        Assert.Contains($"{id}  email  {Email}  be  confirmed  (notices off)", list.Output, StringComparison.Ordinal);

        // The sender's per-letter choice: no notices for this one, recorded with the consignment.
        var letterId = await cli.SendAsync("org", CitizenName, CitizenAddress, "--registered", "--no-notify");
        var shown = await cli.RunAsync("letter", "show", letterId, "--json", "--profile", "org");
        Assert.True(shown.Exit == 0, shown.Error);
        var consignment = JsonDocument.Parse(shown.Output).RootElement.GetProperty("events").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "ContentConsignment");
        Assert.Equal("none", consignment.GetProperty("details").GetProperty("notify").GetString());

        var remove = await cli.RunAsync("contacts", "remove", "--id", id, "--profile", "citizen");
        var empty = await cli.RunAsync("contacts", "list", "--profile", "citizen");
        Assert.True(remove.Exit == 0, remove.Error);
        Assert.Equal("no contact points" + Environment.NewLine, empty.Output);
    }

    [GeneratedRegex(@"(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex Code();
}
