using System.Text.Json;
using System.Text.Json.Nodes;
using Npes.Server.Tests;
using TestLetters = Npes.Server.Tests.Letters;

namespace Npes.Cli.Tests;

public sealed class EvidenceCommandTests
{
    private const string Password = "npes-demo";

    [Fact]
    public async Task EvidenceVerify_RealExport_PassesFromFileAndFromServer_AndNamesTheFirstBrokenLink()
    {
        await using var app = await NpesApp.StartAsync();
        using (var citizen = await TestLetters.CitizenWithMailboxAsync(app))
        using (var bank = await app.LoggedInClientAsync("org-1.p12"))
        {
            var id = (await TestLetters.SendOkAsync(bank)).GetProperty("id").GetGuid();
            (await TestLetters.DecideAsync(citizen, id, "accept")).EnsureSuccessStatusCode();
            await TestLetters.SendOkAsync(bank, TestLetters.Metadata(kind: "simple"));
        }

        using var cli = new Cli(app.Server.CreateHandler());
        var login = await cli.RunAsync("login", "--p12", TestPki.File("operator-1.p12"), "--password", Password, "--profile", "auditor");
        Assert.True(login.Exit == 0, login.Error);
        var export = Path.Combine(cli.Work, "log.json");

        var saved = await cli.RunAsync("evidence", "export", "--out", export, "--profile", "auditor");
        var fromFile = await cli.RunAsync(["evidence", "verify", "--from", export, .. Trust()]);
        var fromServer = await cli.RunAsync(["evidence", "verify", "--profile", "auditor", .. Trust()]);

        Assert.True(saved.Exit == 0, saved.Error);
        var events = JsonNode.Parse(await File.ReadAllTextAsync(export))!.AsArray();
        Assert.True(events.Count >= 6, saved.Output);
        Assert.True(fromFile.Exit == 0, fromFile.Error);
        Assert.Contains($"the evidence log verifies: {events.Count} events of", fromFile.Output, StringComparison.Ordinal);
        Assert.True(fromServer.Exit == 0, fromServer.Error);
        Assert.Contains($"the evidence log verifies: {events.Count} events of", fromServer.Output, StringComparison.Ordinal);

        // Edited: a space inside event 3's canonical bytes.
        var edited = Copy(events);
        var encoded = Convert.FromBase64String(edited[2]!["encoded"]!.GetValue<string>());
        edited[2]!["encoded"] = Convert.ToBase64String([.. encoded[..^2], (byte)' ', .. encoded[^2..]]);
        var editedRun = await VerifyAsync(cli, edited, "edited.json");
        Assert.Equal(1, editedRun.Exit);
        Assert.Contains("BROKEN  event #3:", editedRun.Output, StringComparison.Ordinal);
        Assert.Contains("npes: the evidence log does not verify; first broken link: event #3:", editedRun.Error, StringComparison.Ordinal);

        // Deleted: event 3 is gone.
        var deleted = Copy(events);
        deleted.RemoveAt(2);
        var deletedRun = await VerifyAsync(cli, deleted, "deleted.json");
        Assert.Equal(1, deletedRun.Exit);
        Assert.Contains("BROKEN  event #3: it carries global sequence 4; the log has a gap or is reordered", deletedRun.Output, StringComparison.Ordinal);

        // Reordered: events 3 and 4 swapped.
        var reordered = Copy(events);
        var third = reordered[2]!.DeepClone();
        reordered[2] = reordered[3]!.DeepClone();
        reordered[3] = third;
        var reorderedRun = await VerifyAsync(cli, reordered, "reordered.json");
        Assert.Equal(1, reorderedRun.Exit);
        Assert.Contains("BROKEN  event #3: it carries global sequence 4", reorderedRun.Output, StringComparison.Ordinal);
        Assert.Contains("ok      2 events verified before the break", reorderedRun.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvidenceVerify_NotAnExport_ExitsTwo()
    {
        using var cli = new Cli();
        var file = Path.Combine(cli.Work, "garbage.json");
        await File.WriteAllTextAsync(file, "{\"not\": \"a log\"}");

        var garbage = await cli.RunAsync(["evidence", "verify", "--from", file, .. Trust()]);
        var missing = await cli.RunAsync(["evidence", "verify", "--from", Path.Combine(cli.Work, "absent.json"), .. Trust()]);

        Assert.Equal(2, garbage.Exit);
        Assert.Contains("is not an evidence export", garbage.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("No such file", missing.Error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> VerifyAsync(Cli cli, JsonArray log, string name)
    {
        var file = Path.Combine(cli.Work, name);
        await File.WriteAllTextAsync(file, log.ToJsonString());
        return await cli.RunAsync(["evidence", "verify", "--from", file, .. Trust()]);
    }

    private static JsonArray Copy(JsonArray events) => JsonNode.Parse(events.ToJsonString())!.AsArray();

    private static string[] Trust() =>
        ["--trust", TestPki.File("root-ca.crt"), "--intermediate", TestPki.File("issuing-ca.crt"), "--crl", TestPki.File("issuing-ca.crl"), "--operator", TestPki.File("operator-service.crt")];
}
