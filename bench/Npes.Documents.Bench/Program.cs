using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npes.Documents;
using Npes.Documents.Intake;
using Npes.Documents.Workers;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

// What the isolation costs per document, against the yardstick of the same run: the in-process inspection NPES did
// before (PDFsharp opens the PDF and walks every object), on the same ~200 KB PDF. Measured one call at a time, in
// interleaved rounds: the median wall time, and the CPU time per call of this process, the worker and every program
// they ran (Linux /proc), which a busy shared machine disturbs far less. Only the ratios mean something.
// Usage: dotnet run -c Release --project bench/Npes.Documents.Bench -- [--rounds 5] [--iterations 40] [--pdf-kb 200]
var rounds = Option("--rounds", 5);
var iterations = Option("--iterations", 40);
var pdfKb = Option("--pdf-kb", 200);

PdfSharp.PdfSharpLicense.SetAgplLicense();
var pdf = NoisePdf(pdfKb * 1024);
var text = Encoding.UTF8.GetBytes("Добрый день!\n");
var options = new DocumentsOptions { Workers = 1 };
await using var pool = new WorkerPool(Options.Create(options), NullLogger<WorkerPool>.Instance);
var intake = new DocumentIntake(pool);
if (!await pool.WarmAsync(CancellationToken.None))
{
    Console.Error.WriteLine("bench: the document worker does not start: " + pool.StartProblem);
    return 2;
}

var folder = Directory.CreateTempSubdirectory("npes-documents-bench-").FullName;
var input = Path.Combine(folder, "in.pdf");
File.WriteAllBytes(input, pdf);

var cases = new (string Name, Func<Task> Run)[]
{
    ("in-process PDFsharp open + object walk (yardstick)", () => { InProcess(pdf); return Task.CompletedTask; }),
    ("worker round-trip (UTF-8 text)", async () => Check(await intake.InspectAsync(new DocumentUpload("a.txt", null, text), CancellationToken.None))),
    ("qpdf command-line rewrite, one process", () => { Qpdf(input, folder); return Task.CompletedTask; }),
    ("worker PDF inspection as a letter's intake (the rewrite not sent back)", async () => await intake.InspectLetterAsync([new DocumentUpload("a.pdf", null, pdf)], CancellationToken.None)),
    ("worker PDF inspection (libqpdf, checks, round-trip)", async () => Check(await intake.InspectAsync(new DocumentUpload("a.pdf", null, pdf), CancellationToken.None))),
};

var samples = cases.Select(_ => new List<double>()).ToArray();
var cpu = new double[cases.Length];
for (var i = 0; i < 10; i++)
{
    foreach (var (_, run) in cases)
    {
        await run();
    }
}

for (var round = 0; round < rounds; round++)
{
    for (var c = 0; c < cases.Length; c++)
    {
        var before = CpuSeconds(pool.ProcessIds);
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            await cases[c].Run();
            samples[c].Add(clock.Elapsed.TotalMilliseconds);
        }

        cpu[c] += CpuSeconds(pool.ProcessIds) - before;
    }
}

Directory.Delete(folder, recursive: true);
var yardstick = Median(samples[0]);
var yardstickCpu = cpu[0];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PDF of {pdf.Length / 1024} KB; {rounds} rounds × {iterations} calls, one at a time"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"case",-52} {"wall median",12} {"ratio",7} {"CPU per call",13} {"ratio",7}"));
for (var c = 0; c < cases.Length; c++)
{
    var median = Median(samples[c]);
    var perCall = cpu[c] * 1000 / (rounds * iterations);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cases[c].Name,-52} {median,9:0.00} ms {median / yardstick,7:0.0} {perCall,10:0.00} ms {cpu[c] / yardstickCpu,7:0.0}"));
}

return 0;

static void Check(DocumentInspection inspection)
{
    if (!inspection.IsAccepted)
    {
        throw new InvalidOperationException(inspection.Refusal!.Detail);
    }
}

// What DocumentInspector did in the server: open with PDFsharp, then look at every object's dictionary.
static void InProcess(byte[] pdf)
{
    using var document = PdfReader.Open(new MemoryStream(pdf, writable: false), PdfDocumentOpenMode.Import);
    var dictionaries = 0;
    foreach (var item in document.Internals.GetAllObjects())
    {
        if (item is PdfDictionary dictionary && (dictionary.Elements.ContainsKey("/JS") || dictionary.Elements.GetName("/S") == "/Launch"))
        {
            throw new InvalidOperationException("active content");
        }

        dictionaries++;
    }

    if (document.PageCount == 0 || dictionaries == 0)
    {
        throw new InvalidOperationException("empty");
    }
}

static void Qpdf(string input, string folder)
{
    var output = Path.Combine(folder, "out.pdf");
    Run("qpdf", "--decode-level=none", "--object-streams=disable", "--", input, output);
}

static void Run(string tool, params string[] arguments)
{
    var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    process.StandardOutput.BaseStream.CopyTo(Stream.Null);
    process.WaitForExit();
}

// A one-page PDF of thin random lines: incompressible content of about the requested size.
static byte[] NoisePdf(int bytes)
{
    using var document = new PdfDocument();
    var page = document.AddPage();
    var random = new Random(7);
    using (var graphics = XGraphics.FromPdfPage(page))
    {
        var pen = new XPen(XColors.DarkBlue, 0.2);
        for (var i = 0; i < bytes / 18; i++)
        {
            graphics.DrawLine(pen, random.NextDouble() * 595, random.NextDouble() * 842, random.NextDouble() * 595, random.NextDouble() * 842);
        }
    }

    document.Options.CompressContentStreams = true;
    using var buffer = new MemoryStream();
    document.Save(buffer);
    return buffer.ToArray();
}

// CPU seconds (user + system, the reaped children's included) of this process and of the given worker processes.
static double CpuSeconds(IEnumerable<int> workers)
{
    var total = 0.0;
    foreach (var pid in workers.Prepend(Environment.ProcessId))
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            total += Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            // a worker replaced meanwhile
        }
    }

    return total;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
