using System.CommandLine;
using Npes.Eds.Pki;

namespace Npes.Cli.Commands;

/// <summary><c>npes pki sample --out DIR</c>: writes (or refreshes) the sample national PKI.</summary>
internal static class PkiCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string>("--out") { Description = "Folder to write the sample PKI into", Required = true };
        var sample = new Command("sample", "Generate the SAMPLE PKI (ECDSA and STB bign root and issuing CAs, citizens, organisations, operator, TLS); idempotent, regenerates what has expired") { output };
        sample.SetAction(async parseResult =>
        {
            var directory = parseResult.GetValue(output)!;
            SamplePkiReport report;
            try
            {
                report = SamplePki.Ensure(directory, TimeProvider.System);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"Cannot write the sample PKI to {directory}: {e.Message}", e);
            }

            foreach (var file in report.Written)
            {
                await environment.Output.WriteLineAsync("wrote " + file);
            }

            await environment.Output.WriteLineAsync(report.Written.Count == 0
                ? $"sample PKI in {directory} is current; nothing written ({report.Kept.Count} files kept)"
                : $"sample PKI in {directory}: {report.Written.Count} written, {report.Kept.Count} kept; demo password '{SamplePki.DemoPassword}' (.p12 files, bign-*.key and gost-*.key containers)");
            return 0;
        });
        return new Command("pki", "Public-key infrastructure tools") { sample };
    }
}
