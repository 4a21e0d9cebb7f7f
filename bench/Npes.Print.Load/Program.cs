using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npes.Print.Load;
using Npes.Print.Rendering;

// Load benchmark of the print renderer: LETTERS letters (address sheet + a two-page PDF) rendered in one process on
// all cores, as the print pipeline renders them; then the yardstick in the same run: one
// `qpdf --empty --pages sheet.pdf doc.pdf -- out.pdf` per letter (assembling the same pages), same parallelism.
// Usage: dotnet run -c Release --project bench/Npes.Print.Load [-- LETTERS]
//        dotnet run -c Release --project bench/Npes.Print.Load -- --sample OUT.pdf   (one sample piece, for the docs)
if (args is ["--sample", var samplePath])
{
    var piece = new PieceRenderer(new PrintLayoutOptions()).Render(SampleLetter.Letter(4_275_019, SampleLetter.TwoPagePdf()));
    File.WriteAllBytes(samplePath, piece.Pdf);
    Console.WriteLine($"{samplePath}: {piece.Pages} pages, {piece.Sheets} sheets, envelope {piece.Envelope}");
    return 0;
}

var letters = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var cores = Environment.ProcessorCount;
var work = Directory.CreateTempSubdirectory("npes-print-load-");
try
{
    var document = SampleLetter.TwoPagePdf();
    var renderer = new PieceRenderer(new PrintLayoutOptions());
    var contents = Enumerable.Range(1, letters).Select(i => SampleLetter.Letter(i, document)).ToArray();

    // Warm-up: font parsing, the first subsets, and enough calls for tiered JIT to reach optimized code (a short
    // warm-up measures tier-0 code, up to three times slower).
    Parallel.For(0, 200, i => renderer.Render(contents[i % letters]));
    Thread.Sleep(500);
    Parallel.For(0, 100, i => renderer.Render(contents[i % letters]));

    var singleCount = Math.Min(letters, 200);
    Stopwatch single = null!;
    for (var round = 0; round < 3; round++)
    {
        single = Stopwatch.StartNew();
        for (var i = 0; i < singleCount; i++)
        {
            renderer.Render(contents[i]);
        }

        single.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"NPES renderer, 1 thread, round {round + 1} of 3: {single.Elapsed.TotalMilliseconds / singleCount:F2} ms/letter"));
    }

    var sizes = new long[letters];
    var kept = new ConcurrentDictionary<int, byte[]>();
    var wall = Stopwatch.StartNew();
    Parallel.For(0, letters, new ParallelOptions { MaxDegreeOfParallelism = cores }, i =>
    {
        var piece = renderer.Render(contents[i]);
        sizes[i] = piece.Pdf.Length;
        if (i == 0 || i == letters - 1)
        {
            kept[i] = piece.Pdf;
        }
    });
    wall.Stop();
    var npesRate = letters / wall.Elapsed.TotalSeconds;

    // Every kept piece must be a valid PDF, or the figure means nothing.
    foreach (var (index, pdf) in kept)
    {
        var path = Path.Combine(work.FullName, $"piece-{index}.pdf");
        File.WriteAllBytes(path, pdf);
        Run("qpdf", "--check", path);
    }

    // The yardstick assembles the same pages: the rendered address sheet and the two-page document.
    var sheet = Path.Combine(work.FullName, "sheet.pdf");
    var doc = Path.Combine(work.FullName, "doc.pdf");
    File.WriteAllBytes(doc, document);
    Run("qpdf", "--empty", "--pages", Path.Combine(work.FullName, "piece-0.pdf"), "1", "--", sheet);
    var qpdfWall = Stopwatch.StartNew();
    Parallel.For(0, letters, new ParallelOptions { MaxDegreeOfParallelism = cores }, i =>
        Run("qpdf", "--empty", "--pages", sheet, doc, "--", Path.Combine(work.FullName, $"out-{i % (2 * cores)}.pdf")));
    qpdfWall.Stop();
    var qpdfRate = letters / qpdfWall.Elapsed.TotalSeconds;

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"letters: {letters}, cores: {cores}, piece: 1 address sheet + 2 imported A4 pages + blank back = 4 pages, mean {sizes.Average() / 1024:F0} KiB"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"NPES renderer, 1 thread:     {singleCount / single.Elapsed.TotalSeconds,8:F1} letters/s ({single.Elapsed.TotalMilliseconds / singleCount:F2} ms/letter)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"NPES renderer, {cores} threads:    {npesRate,8:F1} letters/s ({wall.Elapsed.TotalSeconds:F2} s)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"qpdf per letter, {cores} parallel: {qpdfRate,8:F1} letters/s ({qpdfWall.Elapsed.TotalSeconds:F2} s)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio NPES / qpdf: {npesRate / qpdfRate:F2} (target ≥ 0.5); NPES target ≥ 200 letters/s: {(npesRate >= 200 ? "met" : "NOT met")}"));
    return 0;
}
finally
{
    work.Delete(recursive: true);
}

static void Run(string tool, params string[] arguments)
{
    var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr}{stdout.Result}");
    }
}
