using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Npes.Core.Letters;
using Npes.Eds;
using Npes.Eds.Cms;

namespace Npes.Cli.Commands;

/// <summary>
/// <c>npes receipt get ID --kind K --out FILE</c> downloads a receipt of a letter you sent; <c>npes receipt verify FILE</c>
/// checks it offline (CMS signature, RFC 3161 timestamp, chain to the trust anchors) and says what it attests —
/// for a delivery or refusal notice, after checking the recipient's own signature inside.
/// </summary>
internal static class ReceiptCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var id = new Argument<string>("ID") { Description = "Letter id" };
        var kind = new Option<string>("--kind") { Description = "Which receipt", Required = true };
        kind.AcceptOnlyFromAmong(ReceiptKinds.Acceptance, ReceiptKinds.Delivery, ReceiptKinds.Refusal, ReceiptKinds.Expiry);
        var output = new Option<FileInfo>("--out") { Description = "File to save the receipt in (CMS, DER)", Required = true };
        var get = new Command("get", "Download a receipt of a letter you sent") { id, kind, output };
        get.SetAction(async (parseResult, cancellationToken) =>
        {
            var letterId = LetterIds.Parse(parseResult.GetValue(id));
            var file = parseResult.GetValue(output)!;
            using var session = Session.Open(environment, globals, parseResult);
            var receipt = await session.Api.GetBytesAsync($"api/v1/letters/{letterId:D}/receipts/{parseResult.GetValue(kind)}", CmsVerifier.MaxCmsBytes, cancellationToken);
            await Files.WriteAsync(file, receipt, cancellationToken);
            await environment.Output.WriteLineAsync($"saved the {parseResult.GetValue(kind)} receipt of letter {letterId:D} to {file.FullName} ({receipt.Length} bytes)");
            return 0;
        });

        var receiptFile = new Argument<FileInfo>("FILE") { Description = "A receipt (CMS, DER) from `npes receipt get` or `npes send --receipt-out`" };
        var trust = new TrustOptions();
        var verify = new Command("verify", "Verify a receipt offline and print what it attests") { receiptFile };
        trust.AddTo(verify);
        verify.SetAction(async (parseResult, _) =>
        {
            var cms = ReadLimited(parseResult.GetValue(receiptFile)!, CmsVerifier.MaxCmsBytes);
            using var verifiers = trust.Load(parseResult);
            await environment.Output.WriteLineAsync(verifiers.Description);
            var verification = verifiers.Cms.Verify(cms, null, requireTimestamp: true);
            if (!verification.IsValid)
            {
                throw new CliException("the receipt does not verify: " + verification.Failure);
            }

            if (verifiers.Operator.Problem(verification.Signer!) is { } notOperator)
            {
                throw new CliException("the receipt does not verify: " + notOperator);
            }

            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"signature: valid, by the operator ({verification.Signer!.Subject})");
            text.AppendLine(CultureInfo.InvariantCulture, $"timestamp: {verification.TimestampedAt:u} (RFC 3161, TSA trusted)");
            Attests(verification.Content!, verifiers, text);
            await environment.Output.WriteAsync(text.ToString());
            return 0;
        });

        return new Command("receipt", "Receipts of letters you sent") { get, verify };
    }

    /// <summary>Reads a file the verify commands check, refusing a missing or oversize one.</summary>
    internal static byte[] ReadLimited(FileInfo file, long maxBytes)
    {
        if (!file.Exists)
        {
            throw new CliException($"No such file: {file.FullName}") { ExitCode = 2 };
        }

        return file.Length > maxBytes
            ? throw new CliException($"{file.Name} has {file.Length} bytes; at most {maxBytes} are accepted.") { ExitCode = 2 }
            : File.ReadAllBytes(file.FullName);
    }

    private static void Attests(byte[] content, Verifiers verifiers, StringBuilder text)
    {
        string? type;
        try
        {
            using var document = JsonDocument.Parse(content);
            type = document.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        catch (JsonException)
        {
            type = null;
        }

        try
        {
            switch (type)
            {
                case "npes-letter-manifest":
                    Acceptance(LetterManifest.Decode(content), text);
                    break;
                case "npes-delivery-notice" or "npes-refusal-notice":
                    Notice(DeliveryNotice.Decode(content), verifiers, text);
                    break;
                case "npes-expiry-notice":
                    Expiry(content, text);
                    break;
                default:
                    throw new CliException("the signature is valid, but the content is not an NPES receipt.");
            }
        }
        catch (FormatException e)
        {
            throw new CliException("the receipt's content cannot be read: " + e.Message, e);
        }
    }

    private static void Acceptance(LetterManifest manifest, StringBuilder text)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"attests: acceptance of {manifest.Kind} letter {manifest.S10} (id {manifest.LetterId:D}) at {manifest.SubmittedAt:u}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  sender: {manifest.Sender.Name}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  recipient: {manifest.Recipient.Name}, {manifest.Recipient.Address}{(manifest.Recipient.Unp is null ? string.Empty : ", УНП " + manifest.Recipient.Unp)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  subject: {manifest.Subject}");
        foreach (var document in manifest.Documents)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  document '{document.Name}' ({document.MediaType}, {document.Size} bytes) sha256 {Convert.ToHexStringLower(document.Sha256)}");
        }
    }

    /// <summary>A delivery or refusal notice holds the recipient's own signature over the handover statement: check it too.</summary>
    private static void Notice(DeliveryNotice notice, Verifiers verifiers, StringBuilder text)
    {
        var decision = notice.Kind == ReceiptKinds.Delivery ? HandoverStatement.Accept : HandoverStatement.Refuse;
        var statement = HandoverStatement.TryDecode(notice.Statement);
        if (statement is null || statement.Decision != decision || statement.LetterId != notice.LetterId || statement.S10 != notice.S10 || statement.ManifestSha256 != notice.ManifestSha256)
        {
            throw new CliException($"the {notice.Kind} notice does not hold the recipient's '{decision}' statement for letter {notice.S10}.");
        }

        X509Certificate2 recipient;
        try
        {
            recipient = X509CertificateLoader.LoadCertificate(notice.Certificate);
        }
        catch (CryptographicException e)
        {
            throw new CliException($"the {notice.Kind} notice: the recipient's certificate cannot be read: {e.Message}", e);
        }

        using (recipient)
        {
            var provider = verifiers.Providers.Find(recipient)
                ?? throw new CliException($"the {notice.Kind} notice: no EDS provider handles the recipient's certificate.");
            if (!provider.Verify(recipient, notice.Statement, notice.Signature))
            {
                throw new CliException($"the {notice.Kind} notice: the recipient's signature over the statement does not verify.");
            }

            var chain = verifiers.Chains.Validate(recipient, [], CertificatePurpose.Signature, statement.Time);
            if (!chain.IsValid)
            {
                throw new CliException($"the {notice.Kind} notice: the recipient's certificate is not acceptable: {chain.Detail}");
            }

            var identity = provider.Describe(recipient);
            var number = identity.PersonalNumber is not null ? "personal number " + identity.PersonalNumber : "УНП " + identity.Unp;
            text.AppendLine(CultureInfo.InvariantCulture, $"attests: {notice.Kind} of letter {notice.S10} (id {notice.LetterId:D}), manifest sha256 {notice.ManifestSha256}, recorded {notice.RecordedAt:u}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  recipient: {identity.DisplayName} ({number}) signed '{decision}' at {statement.Time:u}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  recipient's signature: valid; certificate {identity.Subject}, issued by {identity.Issuer}, trusted");
        }
    }

    private static void Expiry(byte[] content, StringBuilder text)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            text.AppendLine(CultureInfo.InvariantCulture, $"attests: expiry of letter {root.GetProperty("s10").GetString()} (id {root.GetProperty("letterId").GetString()}): not signed for by {root.GetProperty("acceptDeadline").GetString()}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  relayed to paper: {(root.GetProperty("relayedToPaper").GetBoolean() ? "yes" : "no")}; recorded {root.GetProperty("recordedAt").GetString()}");
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("the expiry notice lacks a field: " + e.Message, e);
        }
    }
}
