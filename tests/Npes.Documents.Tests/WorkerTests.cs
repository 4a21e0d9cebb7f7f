using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npes.Core.Errors;
using Npes.Documents.Intake;
using Npes.Documents.Protocol;

namespace Npes.Documents.Tests;

/// <summary>What happens when a worker dies, hangs, is missing, or lacks LibreOffice: refusals, never a stuck call.</summary>
public sealed class WorkerTests
{
    [Fact]
    public async Task InspectAsync_WorkerKilledMidInspection_RefusedAndTheNextSucceeds()
    {
        await using var workers = new Workers(o => o.Workers = 1);
        await workers.Pool.WarmAsync(CancellationToken.None);
        var victim = Assert.Single(workers.Pool.ProcessIds);

        // A conversion takes LibreOffice a few seconds: the worker is killed while it is busy with it.
        var inspecting = workers.InspectAsync("long.docx", TestOffice.Docx("Будет прервано"));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Process.GetProcessById(victim).Kill();
        var inspection = await inspecting;

        Assert.False(inspection.IsAccepted);
        Assert.Equal(NpesErrors.DocumentWorkerFailed, inspection.Refusal!.Error);
        var next = await workers.InspectAsync("next.pdf", TestPdf.Pages());
        Assert.True(next.IsAccepted, next.Refusal?.Detail);
        Assert.DoesNotContain(victim, workers.Pool.ProcessIds);
    }

    [Fact]
    public async Task InspectAsync_WorkTakesLongerThanTheWallTime_RefusedAndWorkerWithItsProgramsKilled()
    {
        await using var workers = new Workers(o =>
        {
            o.Workers = 1;
            o.InspectTimeoutSeconds = 1;
        });
        await workers.Pool.WarmAsync(CancellationToken.None);
        var worker = Assert.Single(workers.Pool.ProcessIds);
        var clock = Stopwatch.StartNew();

        var inspection = await workers.InspectAsync("slow.docx", TestOffice.Docx("Слишком долго"));

        clock.Stop();
        Assert.False(inspection.IsAccepted);
        Assert.Equal(NpesErrors.DocumentTooComplex, inspection.Refusal!.Error);
        Assert.Equal("time", inspection.Refusal.Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the refusal took {clock.Elapsed}");
        Assert.Empty(ProcessesInGroup(worker)); // soffice went with the worker
        Assert.True((await workers.InspectAsync("next.pdf", TestPdf.Pages())).IsAccepted);
    }

    [Fact]
    public async Task InspectAsync_NoLibreOffice_OfficeDocumentsRefusedAsUnavailableAndPdfsStillAccepted()
    {
        await using var workers = new Workers(o => o.SofficePath = "/nonexistent/soffice");

        var office = await workers.InspectAsync("letter.docx", TestOffice.Docx("Письмо"));
        var pdf = await workers.InspectAsync("letter.pdf", TestPdf.Pages());
        var capabilities = await workers.Intake.CapabilitiesAsync(CancellationToken.None);

        Assert.Equal(NpesErrors.DocumentConversionUnavailable, office.Refusal?.Error);
        Assert.True(pdf.IsAccepted);
        Assert.True(capabilities.Available);
        Assert.False(capabilities.OfficeConversion);
        Assert.Contains("/nonexistent/soffice", capabilities.Office, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectAsync_WorkerNotInstalled_RefusedAsUnavailable()
    {
        await using var workers = new Workers(o => o.WorkerPath = "/nonexistent/Npes.DocumentWorker.dll");

        var inspection = await workers.InspectAsync("letter.pdf", TestPdf.Pages());

        Assert.Equal(NpesErrors.DocumentWorkerUnavailable, inspection.Refusal?.Error);
        Assert.Equal(503, inspection.Refusal!.Error.Status);
    }

    [Fact]
    public async Task InspectAsync_ReplyLargerThanTheLimit_RefusedAndWorkerReplaced()
    {
        await using var workers = new Workers(o => o.MaxIntakeReplyMegabytes = 1);
        var big = TestPdf.Pages(1, pageExtra: "/Pad (" + new string('x', 2 * 1024 * 1024) + ")");

        var inspection = await workers.InspectAsync("big.pdf", big);

        Assert.Equal(NpesErrors.DocumentTooComplex, inspection.Refusal?.Error);
        Assert.Equal("output", inspection.Refusal!.Kind);
        Assert.True((await workers.InspectAsync("next.pdf", TestPdf.Pages())).IsAccepted);
    }

    [Fact]
    public async Task InspectAsync_CallerCancels_WorkerFinishesAndServesTheNextCall()
    {
        await using var workers = new Workers(o =>
        {
            o.Workers = 1;
            o.QueueTimeoutSeconds = 180; // the next call waits for the conversion the first one left behind
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            workers.Intake.InspectAsync(new DocumentUpload("a.docx", null, TestOffice.Docx("Отменено")), cancel.Token));

        Assert.True((await workers.InspectAsync("next.pdf", TestPdf.Pages())).IsAccepted);
    }

    [Fact]
    public async Task AddDocuments_HostStarted_IntakeReportsQpdfAndOfficeConversion()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Npes:Documents:Workers"] = "1" }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDocuments(configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var intake = host.Services.GetRequiredService<IDocumentIntake>();

            var capabilities = await intake.CapabilitiesAsync(CancellationToken.None);
            var accepted = await intake.InspectLetterAsync([new DocumentUpload("a.pdf", "application/pdf", TestPdf.Pages())], CancellationToken.None);

            Assert.True(capabilities.Available, capabilities.Problem);
            Assert.StartsWith("qpdf 11", capabilities.Qpdf, StringComparison.Ordinal);
            Assert.True(capabilities.OfficeConversion, capabilities.Office);
            Assert.StartsWith("LibreOffice", capabilities.Office, StringComparison.Ordinal);
            Assert.Single(accepted);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void AddDocuments_InvalidLimits_FailsAtStart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Npes:Documents:MaxDocumentBytes"] = "0" }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDocuments(configuration);
        using var host = builder.Build();

        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync().GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Frame_RoundTrip_KeepsTypeHeaderAndBlobs()
    {
        var frame = Frame.Create(MessageTypes.Inspect, new InspectRequest("а.pdf"), [1, 2, 3], []);
        using var stream = new MemoryStream();
        await frame.WriteAsync(stream, CancellationToken.None);
        stream.Position = 0;

        var read = await Frame.ReadAsync(stream, 1024, CancellationToken.None);

        Assert.Equal(MessageTypes.Inspect, read!.Type);
        Assert.Equal("а.pdf", read.Read<InspectRequest>().Name);
        Assert.Equal([1, 2, 3], read.Blobs[0]);
        Assert.Empty(read.Blobs[1]);
        Assert.Null(await Frame.ReadAsync(stream, 1024, CancellationToken.None));
    }

    [Fact]
    public async Task Frame_LongerThanTheLimit_RefusedBeforeReading()
    {
        var frame = Frame.Create(MessageTypes.Inspect, new InspectRequest("a.pdf"), new byte[5000]);
        using var stream = new MemoryStream();
        frame.Write(stream);
        stream.Position = 0;

        var error = await Assert.ThrowsAsync<ProtocolException>(() => Frame.ReadAsync(stream, 4096, CancellationToken.None));

        Assert.True(error.TooLarge);
    }

    [Fact]
    public void Frame_OtherVersionOrTruncated_IsAProtocolViolation()
    {
        var frame = Frame.Create(MessageTypes.Inspect, new InspectRequest("a.pdf"), new byte[10]);
        using var stream = new MemoryStream();
        frame.Write(stream);
        var bytes = stream.ToArray();
        var otherVersion = (byte[])bytes.Clone();
        otherVersion[4] = 2;

        Assert.Throws<ProtocolException>(() => Frame.Read(new MemoryStream(otherVersion), 1024));
        Assert.Throws<ProtocolException>(() => Frame.Read(new MemoryStream(bytes[..^3]), 1024));
    }

    /// <summary>Processes whose process group is <paramref name="group"/> (from /proc).</summary>
    private static List<int> ProcessesInGroup(int group)
    {
        var members = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) == group)
                {
                    members.Add(pid);
                }
            }
            catch (IOException)
            {
                // gone meanwhile
            }
        }

        return members;
    }
}
