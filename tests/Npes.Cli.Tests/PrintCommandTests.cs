using System.Security.Cryptography;
using System.Text.Json;
using Npes.Server.Tests;

namespace Npes.Cli.Tests;

/// <summary>The print shop's shift through the <c>npes print</c> commands, against the real host, PostgreSQL and print pipeline.</summary>
public sealed class PrintCommandTests
{
    private const string Password = "npes-demo";

    [Fact]
    public async Task PrintShift_CloseDownloadPrintDispatchOutcome()
    {
        await using var app = await NpesApp.StartAsync(s =>
        {
            s["Npes:Jobs:Enabled"] = "true";
            s["Npes:Jobs:WorkerCount"] = "2";
            s["Npes:Print:SweepSeconds"] = "1";
        });
        using var cli = new Cli(app.Server.CreateHandler());
        foreach (var (p12, profile) in new[] { ("org-1.p12", "org"), ("operator-1.p12", "op") })
        {
            var login = await cli.RunAsync("login", "--p12", TestPki.File(p12), "--password", Password, "--profile", profile);
            Assert.True(login.Exit == 0, login.Error);
        }

        var work = Directory.CreateDirectory(Path.Combine(cli.Home, "work")).FullName;
        var document = Path.Combine(work, "invoice.pdf");
        await File.WriteAllBytesAsync(document, TestDocuments.Pdf(pages: 2));
        var send = await cli.RunAsync("send", "--profile", "org", "--to-name", "Петров Пётр Петрович", "--to-address", "230005, г. Гродно, ул. Советская, д. 12, кв. 3", "--file", document, "--json");
        Assert.True(send.Exit == 0, send.Error);
        var s10 = JsonDocument.Parse(send.Output).RootElement.GetProperty("s10").GetString()!;

        // Wait for the pipeline to render the piece into an open batch.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement batch;
        while (true)
        {
            var open = await cli.RunAsync("print", "batches", "--json", "--state", "open", "--profile", "op");
            Assert.True(open.Exit == 0, open.Error);
            var batches = JsonDocument.Parse(open.Output).RootElement;
            if (batches.GetArrayLength() == 1)
            {
                batch = batches[0];
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "no open batch appeared");
            await Task.Delay(250);
        }

        var number = batch.GetProperty("number").GetString()!;
        var close = await cli.RunAsync("print", "close", "--profile", "op");
        Assert.True(close.Exit == 0, close.Error);
        Assert.Contains($"closed 1 batch(es): {number} (1 pieces)", close.Output, StringComparison.Ordinal);

        // Downloading before the file is built is refused with the reason; it is built within seconds.
        var folder = Path.Combine(work, "batch");
        (int Exit, string Output, string Error) download;
        while (true)
        {
            download = await cli.RunAsync("print", "download", number, "--out", folder, "--profile", "op");
            if (download.Exit == 0)
            {
                break;
            }

            Assert.Contains("npes.print.batch_state", download.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(folder), "a refused download wrote files");
            Assert.True(DateTime.UtcNow < deadline, "the batch file was not built");
            await Task.Delay(250);
        }

        var pdf = await File.ReadAllBytesAsync(Path.Combine(folder, number + ".pdf"));
        var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "manifest.json"))).RootElement;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), manifest.GetProperty("file").GetProperty("sha256").GetString());
        Assert.Equal(s10, manifest.GetProperty("pieces")[0].GetProperty("s10").GetString());
        Assert.Contains(s10, await File.ReadAllTextAsync(Path.Combine(folder, "manifest.csv")), StringComparison.Ordinal);
        Assert.Contains("sha256 " + Convert.ToHexStringLower(SHA256.HashData(pdf)) + " as in the manifest", download.Output, StringComparison.Ordinal);

        // Out of order is refused and changes nothing; in order, each step moves the batch.
        var early = await cli.RunAsync("print", "dispatch", number, "--profile", "op");
        Assert.NotEqual(0, early.Exit);
        Assert.Contains("npes.print.batch_state", early.Error, StringComparison.Ordinal);
        var printed = await cli.RunAsync("print", "mark-printed", number, "--profile", "op");
        Assert.True(printed.Exit == 0, printed.Error);
        Assert.Contains($"batch {number} is printed", printed.Output, StringComparison.Ordinal);
        var dispatched = await cli.RunAsync("print", "dispatch", number, "--profile", "op");
        Assert.True(dispatched.Exit == 0, dispatched.Error);

        var both = await cli.RunAsync("print", "outcome", s10, "--delivered", "--returned", "refused", "--profile", "op");
        Assert.Equal(2, both.Exit);
        var badReason = await cli.RunAsync("print", "outcome", s10, "--returned", "lost", "--profile", "op");
        Assert.Equal(2, badReason.Exit);
        var returned = await cli.RunAsync("print", "outcome", s10, "--returned", "not_collected", "--profile", "op");
        Assert.True(returned.Exit == 0, returned.Error);
        Assert.Contains($"piece {s10} is returned", returned.Output, StringComparison.Ordinal);

        // The sender sees the paper events in the letter's timeline.
        var show = await cli.RunAsync("letter", "show", JsonDocument.Parse(send.Output).RootElement.GetProperty("id").GetString()!, "--profile", "org");
        Assert.Contains("Printed", show.Output, StringComparison.Ordinal);
        Assert.Contains("Dispatched", show.Output, StringComparison.Ordinal);
        Assert.Contains("Returned — operator:", show.Output, StringComparison.Ordinal);

        // A citizen or organisation is no operator.
        var notOperator = await cli.RunAsync("print", "batches", "--profile", "org");
        Assert.NotEqual(0, notOperator.Exit);
    }
}
