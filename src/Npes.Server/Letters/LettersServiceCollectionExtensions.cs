using Npes.Core.Evidence;
using Npes.Server.Inbox;

namespace Npes.Server.Letters;

internal static class LettersServiceCollectionExtensions
{
    public static IServiceCollection AddLetters(this IServiceCollection services, IConfiguration configuration)
    {
        // PDFsharp (used to inspect submitted PDFs) is AGPL-3.0; NPES is published under AGPL-3.0-or-later.
        PdfSharp.PdfSharpLicense.SetAgplLicense();
        services.AddOptions<LettersOptions>()
            .Bind(configuration.GetSection(LettersOptions.Section))
            .Validate(o => IsLetterPair(o.S10Series) && IsLetterPair(o.S10Country), "Npes:Letters:S10Series and S10Country must be two capital Latin letters each.")
            .Validate(o => o.MaxDocuments is >= 1 and <= 10, "Npes:Letters:MaxDocuments must be between 1 and 10.")
            .Validate(o => o.MaxTotalBytes is > 0 and <= 64 * 1024 * 1024, "Npes:Letters:MaxTotalBytes must be at most 64 MB.")
            .ValidateOnStart();
        services.AddSingleton<IEvidenceSealer, EvidenceSealer>();
        services.AddSingleton<SubmitLetter>();
        services.AddSingleton<DecideLetter>();
        services.AddSingleton<EvidenceBundle>();
        services.AddSingleton<ExpirySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ExpirySweeper>());
        return services;
    }

    private static bool IsLetterPair(string? text) => text is { Length: 2 } && text.All(char.IsAsciiLetterUpper);
}
