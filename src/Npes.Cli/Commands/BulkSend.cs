using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes send --bulk letters.csv [--out results.csv]</c>: one letter per CSV line, a few at a time, with a progress
/// bar on stderr and a result CSV. A failing line does not stop the others. Every line carries an Idempotency-Key
/// (its own column, or one derived from its content and its documents' bytes), so running the file again sends
/// nothing twice.
/// </summary>
internal static class BulkSend
{
    public const int MaxLines = 100_000;
    public const long MaxCsvBytes = 64L * 1024 * 1024;
    public const int MaxFieldChars = 4096;
    public const string FormatHelp = "UTF-8 CSV with a header row of columns to_name,to_address,to_unp,files,kind,subject,idempotency_key; "
        + "to_name, to_address and files are required; files are 1-3 paths separated by ';', relative to the CSV's folder and inside it "
        + "(unless --allow-outside); kind is simple (default) or registered";

    private const int Parallelism = 4;
    private static readonly string[] Columns = ["to_name", "to_address", "to_unp", "files", "kind", "subject", "idempotency_key"];
    private static readonly string[] RequiredColumns = ["to_name", "to_address", "files"];
    private static readonly string[] ResultColumns = ["line", "id", "s10", "status", "error_code", "error"];

    /// <summary>
    /// Reads and checks the whole file before anything is sent: a malformed file sends nothing, nor does one whose
    /// files column leads out of the CSV's folder (unless <paramref name="allowOutside"/>) — a CSV from someone else
    /// must not make the user send their own files (~/.ssh, /etc/passwd) to an address of its author's choosing.
    /// </summary>
    public static IReadOnlyList<BulkLine> ReadFile(FileInfo csv, bool allowOutside = false)
    {
        if (!csv.Exists)
        {
            throw new CliException($"No such file: {csv.FullName}") { ExitCode = 2 };
        }

        if (csv.Length > MaxCsvBytes)
        {
            throw new CliException($"{csv.Name} has {csv.Length} bytes; a bulk file holds at most {MaxCsvBytes}.") { ExitCode = 2 };
        }

        try
        {
            using var reader = new StreamReader(csv.FullName, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            using var records = Csv.Read(reader, MaxFieldChars).GetEnumerator();
            if (!records.MoveNext())
            {
                throw new FormatException("the file is empty; the first line must name the columns (" + string.Join(',', Columns) + ").");
            }

            var header = ReadHeader(records.Current);
            var lines = new List<BulkLine>();
            while (records.MoveNext())
            {
                if (lines.Count == MaxLines)
                {
                    throw new FormatException($"more than {MaxLines} letters; split the file.");
                }

                var line = new BulkLine(records.Current.Line, header, records.Current.Fields);
                if (!allowOutside)
                {
                    foreach (var path in line.Paths())
                    {
                        if (BulkPaths.Escape(csv.DirectoryName!, path) is { } escape)
                        {
                            throw new FormatException($"line {line.Line}: the file '{path}' {escape}; documents must be inside the CSV's folder (--allow-outside permits others).");
                        }
                    }
                }

                lines.Add(line);
            }

            return lines.Count > 0 ? lines : throw new FormatException("the file has a header but no letters.");
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw new CliException($"{csv.Name}: {(e is DecoderFallbackException ? "the file is not UTF-8 text" : e.Message)}", e) { ExitCode = 2 };
        }
    }

    public static async Task<int> RunAsync(CliEnvironment environment, ApiClient api, IReadOnlyList<BulkLine> lines, FileInfo csv, FileInfo? output, CancellationToken cancellationToken)
    {
        var folder = csv.DirectoryName!;
        var resultsFile = output ?? new FileInfo(Path.Combine(folder, Path.GetFileNameWithoutExtension(csv.Name) + ".results.csv"));
        if (resultsFile.FullName == csv.FullName)
        {
            throw new CliException("--out names the input CSV itself; choose another file for the results.") { ExitCode = 2 };
        }

        var limits = await LetterLimits.FetchAsync(api, cancellationToken);
        var results = new LineResult[lines.Count];
        var progress = new ProgressBar(environment.Error, lines.Count);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, lines.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                results[index] = await SendLineAsync(api, lines[index], folder, limits, token);
                progress.Advance(results[index].Error is not null);
            });
        progress.Finish();

        using (var text = new StringWriter(CultureInfo.InvariantCulture))
        {
            Csv.WriteRecord(text, ResultColumns);
            foreach (var result in results)
            {
                Csv.WriteRecord(text, [result.Line.ToString(CultureInfo.InvariantCulture), result.Id?.ToString("D"), result.S10, result.Status, result.ErrorCode, result.Error]);
            }

            await Files.WriteAsync(resultsFile, Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        }

        var failed = results.Where(r => r.Error is not null).ToList();
        foreach (var failure in failed)
        {
            await environment.Error.WriteLineAsync($"npes: line {failure.Line}: {failure.Error}");
        }

        var created = results.Count(r => r.Created);
        var sent = results.Length - failed.Count;
        await environment.Output.WriteLineAsync(
            $"sent {sent} of {results.Length} letters ({created} new, {sent - created} already sent earlier), {failed.Count} failed; results in {resultsFile.FullName}");
        return failed.Count == 0 ? 0 : 1;
    }

    private static string[] ReadHeader(CsvRecord record)
    {
        var header = record.Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
        if (header.FirstOrDefault(c => !Columns.Contains(c)) is { } unknown)
        {
            throw new FormatException($"line {record.Line}: unknown column '{unknown}'; the columns are {string.Join(',', Columns)}.");
        }

        if (header.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new FormatException($"line {record.Line}: column '{twice.Key}' appears twice.");
        }

        return RequiredColumns.FirstOrDefault(c => !header.Contains(c)) is { } missing
            ? throw new FormatException($"line {record.Line}: the header lacks the column '{missing}' (required: {string.Join(',', RequiredColumns)}).")
            : header;
    }

    private static async Task<LineResult> SendLineAsync(ApiClient api, BulkLine line, string folder, LetterLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            var draft = line.ToDraft(folder, limits);
            var key = line.Value("idempotency_key") is { Length: > 0 } given ? given : DerivedKey(draft);
            var (created, letter) = await LetterSubmission.SendAsync(api, draft, key, limits, cancellationToken);
            return new LineResult(line.Line, letter.Id, letter.S10, letter.Status, created, null, null);
        }
        catch (CliException e)
        {
            return new LineResult(line.Line, null, null, null, false, e.Code, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new LineResult(line.Line, null, null, null, false, LetterSubmission.FileNotFound, "Cannot read a document: " + e.Message);
        }
    }

    /// <summary>The same letter (recipient, kind, subject, document names and bytes) always gets the same key.</summary>
    private static string DerivedKey(LetterDraft draft)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string? value) => hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{value?.Length ?? -1}:{value}")));
        Add(draft.RecipientName);
        Add(draft.RecipientAddress);
        Add(draft.RecipientUnp);
        Add(draft.Registered ? "registered" : "simple");
        Add(draft.Subject);
        foreach (var document in draft.Documents)
        {
            Add(document.Name);
            hash.AppendData(SHA256.HashData(document.Content));
        }

        return "npes-bulk-" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed record LineResult(int Line, Guid? Id, string? S10, string? Status, bool Created, string? ErrorCode, string? Error);

    /// <summary>A text bar on stderr, redrawn in place at most ten times a second.</summary>
    private sealed class ProgressBar(TextWriter writer, int total)
    {
        private const int Width = 30;
        private readonly Lock _lock = new();
        private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
        private int _done;
        private int _failed;

        public void Advance(bool failed)
        {
            lock (_lock)
            {
                _done++;
                _failed += failed ? 1 : 0;
                if (_sinceDraw.ElapsedMilliseconds >= 100)
                {
                    Draw();
                }
            }
        }

        public void Finish()
        {
            lock (_lock)
            {
                Draw();
                writer.WriteLine();
            }
        }

        private void Draw()
        {
            var filled = (int)((long)_done * Width / total);
            writer.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('-', Width - filled)}] {_done}/{total} letters, {_failed} failed"));
            _sinceDraw.Restart();
        }
    }
}

/// <summary>A data line of a bulk CSV, read by column name.</summary>
internal sealed class BulkLine(int line, string[] header, IReadOnlyList<string> fields)
{
    public int Line { get; } = line;

    public string? Value(string column)
    {
        var index = Array.IndexOf(header, column);
        return index < 0 ? null : fields[index].Trim();
    }

    public LetterDraft ToDraft(string folder, LetterLimits limits)
    {
        if (fields.Count != header.Length)
        {
            throw Invalid($"it has {fields.Count} fields; the header names {header.Length} columns (quote a field that holds a comma).");
        }

        var name = Value("to_name") is { Length: > 0 } n ? n : throw Invalid("'to_name' is empty.");
        var address = Value("to_address") is { Length: > 0 } a ? a : throw Invalid("'to_address' is empty.");
        var kind = Value("kind") is { Length: > 0 } k ? k.ToLowerInvariant() : "simple";
        if (kind is not ("simple" or "registered"))
        {
            throw Invalid($"kind '{kind}' is neither simple nor registered.");
        }

        var paths = Paths();
        if (paths.Length == 0 || paths.Length > limits.MaxDocuments)
        {
            throw Invalid($"'files' names {paths.Length} documents; the server takes 1 to {limits.MaxDocuments} in a letter, separated by ';'.");
        }

        var documents = paths.Select(p => LetterDocument.Load(Path.Combine(folder, p), limits)).ToList();
        return new LetterDraft(
            name,
            address,
            Value("to_unp") is { Length: > 0 } unp ? unp : null,
            kind == "registered",
            Value("subject") is { Length: > 0 } subject ? subject : documents[0].Name,
            documents);
    }

    /// <summary>The document paths of the files column, as written.</summary>
    public string[] Paths() => (Value("files") ?? string.Empty).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static CliException Invalid(string message) => new(message) { Code = LetterSubmission.InvalidLine };
}

/// <summary>Keeps a bulk CSV's documents inside the CSV's folder.</summary>
internal static class BulkPaths
{
    /// <summary>Why <paramref name="path"/> leaves <paramref name="folder"/>, or null when it stays inside.</summary>
    public static string? Escape(string folder, string path)
    {
        if (Path.IsPathRooted(path) || (path.Length >= 2 && path[1] == ':') || path.StartsWith(@"\\", StringComparison.Ordinal))
        {
            return "is an absolute path";
        }

        // Both separators count, whatever the platform: a CSV written on Windows says ..\..\secret.
        if (path.Split('/', '\\').Any(segment => segment == ".."))
        {
            return "climbs out with '..'";
        }

        var root = Path.GetFullPath(folder);
        var target = Path.GetFullPath(Path.Combine(root, path));
        if (!Inside(root, target))
        {
            return "lies outside the folder";
        }

        try
        {
            return Inside(Real(root), Real(target)) ? null : "is reached through a link that leads outside the folder";
        }
        catch (IOException)
        {
            return "is reached through a link that cannot be followed";
        }
    }

    private static bool Inside(string root, string path)
    {
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return path.StartsWith(prefix, comparison);
    }

    /// <summary>The path with every symbolic link along it followed (missing tails are kept as written).</summary>
    private static string Real(string path)
    {
        var root = Path.GetPathRoot(path)!;
        var current = root;
        foreach (var part in path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = Real(target.FullName);
            }
        }

        return current;
    }
}
