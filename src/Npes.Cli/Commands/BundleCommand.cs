using System.CommandLine;
using Npes.Eds.Bundles;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes bundle get ID --out FILE</c> downloads a letter's evidence bundle (ASiC-E); <c>npes bundle verify FILE</c>
/// checks it offline, printing every check, and on failure names the first broken link.
/// </summary>
internal static class BundleCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var id = new Argument<string>("ID") { Description = "Letter id" };
        var output = new Option<FileInfo>("--out") { Description = "File to save the bundle in (.asice)", Required = true };
        var get = new Command("get", "Download the evidence bundle of a letter you sent") { id, output };
        get.SetAction(async (parseResult, cancellationToken) =>
        {
            var letterId = LetterIds.Parse(parseResult.GetValue(id));
            var file = parseResult.GetValue(output)!;
            using var session = Session.Open(environment, globals, parseResult);
            var bundle = await session.Api.GetBytesAsync($"api/v1/letters/{letterId:D}/bundle", AsicLayout.MaxBundleBytes, cancellationToken);
            await Files.WriteAsync(file, bundle, cancellationToken);
            await environment.Output.WriteLineAsync($"saved the evidence bundle of letter {letterId:D} to {file.FullName} ({bundle.Length} bytes)");
            return 0;
        });

        var bundleFile = new Argument<FileInfo>("FILE") { Description = "An evidence bundle from `npes bundle get`" };
        var trust = new TrustOptions();
        var verify = new Command("verify", "Verify an evidence bundle offline: documents, manifest, receipts, signed and chained events") { bundleFile };
        trust.AddTo(verify);
        verify.SetAction(async (parseResult, _) =>
        {
            var bundle = ReceiptCommand.ReadLimited(parseResult.GetValue(bundleFile)!, AsicLayout.MaxBundleBytes);
            using var verifiers = trust.Load(parseResult);
            await environment.Output.WriteLineAsync(verifiers.Description);
            var verification = verifiers.Bundles.Verify(bundle);
            foreach (var check in verification.Checks)
            {
                await environment.Output.WriteLineAsync("ok      " + check);
            }

            if (!verification.IsValid)
            {
                await environment.Output.WriteLineAsync("BROKEN  " + verification.Failure);
                throw new CliException($"the bundle{(verification.S10 is null ? string.Empty : " of letter " + verification.S10)} does not verify; first broken link: {verification.Failure}");
            }

            await environment.Output.WriteLineAsync($"the bundle of letter {verification.S10} verifies: {verification.Checks.Count} checks passed");
            return 0;
        });

        return new Command("bundle", "Evidence bundles of letters you sent") { get, verify };
    }
}
