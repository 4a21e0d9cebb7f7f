using Npes.Core.Options;
using Npes.Storage.Jobs;

namespace Npes.Letters;

/// <summary>Configuration section <c>Npes:Letters</c>.</summary>
public sealed class LettersOptions : IValidatedOptions
{
    public const string Section = "Npes:Letters";

    /// <summary>S10 service indicator (two capital letters).</summary>
    public string S10Series { get; set; } = "RR";

    /// <summary>S10 country code.</summary>
    public string S10Country { get; set; } = "BY";

    // What a letter may carry (count, sizes) is stated once, in Npes:Documents (DocumentsOptions).

    /// <summary>Days a registered letter waits for the recipient's signature when the sender sets no window.</summary>
    public int DefaultAcceptWindowDays { get; set; } = 30;

    /// <summary>How often the expiry sweeper looks for letters whose accept window has passed.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The postal operator as the sender of its own letters (address confirmation codes).</summary>
    public string OperatorName { get; set; } = "Оператор почтовой связи NPES";

    /// <summary>The operator's УНП (9 digits).</summary>
    public string OperatorUnp { get; set; } = "190000001";

    /// <summary>How old a signed handover or refusal statement may be when it arrives.</summary>
    public TimeSpan StatementLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<string> Validate()
    {
        if (!IsLetterPair(S10Series) || !IsLetterPair(S10Country))
        {
            yield return "Npes:Letters:S10Series and S10Country must be two capital Latin letters each.";
        }

        if (DefaultAcceptWindowDays is < 1 or > 90)
        {
            yield return "Npes:Letters:DefaultAcceptWindowDays must be between 1 and 90.";
        }

        if (Every.Cron(ExpirySweepInterval) is null)
        {
            yield return "Npes:Letters:ExpirySweepInterval must divide a minute, an hour or a day (e.g. 00:00:30, 00:01:00, 01:00:00).";
        }

        if (string.IsNullOrWhiteSpace(OperatorName) || OperatorName.Length > 300)
        {
            yield return "Npes:Letters:OperatorName must be 1 to 300 characters.";
        }

        if (OperatorUnp is not { Length: 9 } || !OperatorUnp.All(char.IsAsciiDigit))
        {
            yield return "Npes:Letters:OperatorUnp must be the 9 digits of a УНП.";
        }

        if (StatementLifetime <= TimeSpan.Zero || StatementLifetime > TimeSpan.FromHours(1))
        {
            yield return "Npes:Letters:StatementLifetime must be between 0 and 1 hour.";
        }
    }

    private static bool IsLetterPair(string? text) => text is { Length: 2 } && text.All(char.IsAsciiLetterUpper);
}
