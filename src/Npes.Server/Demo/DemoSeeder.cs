using Npes.Core.Options;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;
using Npes.Eds;
using Npes.Eds.Pki;
using Npes.Server.Hosting;

namespace Npes.Server.Demo;

/// <summary>Configuration section <c>Npes:Demo</c>: the development demo (never enable in production).</summary>
internal sealed class DemoOptions : IValidatedOptions
{
    public const string Section = "Npes:Demo";

    public bool Enabled { get; set; }

    /// <summary>Folder of the sample PKI (relative paths are resolved against the working tree).</summary>
    public string SamplePki { get; set; } = "certs-sample";

    public IEnumerable<string> Validate()
    {
        if (Enabled && string.IsNullOrWhiteSpace(SamplePki))
        {
            yield return "Npes:Demo:SamplePki must name the sample PKI's folder when the demo is enabled.";
        }
    }
}

/// <summary>
/// Development demo: keeps the sample PKI fresh (regenerating what expired) and gives three sample holders —
/// a citizen and an organisation with ECDSA keys, and a citizen with a bign key — a mailbox, so that a newcomer can
/// log in and see one at once.
/// </summary>
internal sealed partial class DemoSeeder(
    IOptions<DemoOptions> options,
    IEdsProviderRegistry providers,
    IPartyStore parties,
    IMailboxStore mailboxes,
    TimeProvider time,
    ILogger<DemoSeeder> logger)
{
    private static readonly (string File, string Address)[] DemoMailboxes =
    [
        ("citizen-1.crt", "220030, г. Минск, ул. Интернациональная, д. 10, кв. 5"),
        ("org-1.crt", "220030, г. Минск, ул. Энгельса, д. 6"),
        (SamplePki.BignCitizen + ".crt", "220030, г. Минск, ул. Немига, д. 3, кв. 7"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var directory = Paths.Resolve(options.Value.SamplePki);
        var report = SamplePki.Ensure(directory, time);
        if (report.Written.Count > 0)
        {
            LogRegenerated(logger, report.Written.Count, directory);
        }

        var now = time.GetUtcNow();
        foreach (var (file, address) in DemoMailboxes)
        {
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, file));
            var provider = providers.Find(certificate);
            if (provider is null)
            {
                continue;
            }

            var identity = provider.Describe(certificate);
            var party = identity.Kind == SignerKind.Organisation
                ? await parties.UpsertAsync(PartyKind.Organisation, identity.DisplayName, null, identity.Unp, now, cancellationToken)
                : await parties.UpsertAsync(PartyKind.Person, identity.DisplayName, identity.PersonalNumber, null, now, cancellationToken);
            if (await mailboxes.CreateAsync(party.Id, [PostalAddressText.Parse(address)], now, cancellationToken) is { } created)
            {
                // Demo only: the sample holders' addresses count as confirmed without a paper code.
                await mailboxes.ConfirmWithoutCodeAsync(created.Addresses[0].Id, now, cancellationToken);
                LogSeeded(logger, identity.DisplayName);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: regenerated {Count} sample PKI files in {Directory}")]
    private static partial void LogRegenerated(ILogger logger, int count, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: created a mailbox for {Owner}")]
    private static partial void LogSeeded(ILogger logger, string owner);
}
