namespace Npes.Letters;

/// <summary>Configuration section <c>Npes:Letters</c>.</summary>
public sealed class LettersOptions
{
    public const string Section = "Npes:Letters";

    /// <summary>S10 service indicator (two capital letters).</summary>
    public string S10Series { get; set; } = "RR";

    /// <summary>S10 country code.</summary>
    public string S10Country { get; set; } = "BY";

    public int MaxDocuments { get; set; } = 3;

    /// <summary>Largest single document.</summary>
    public long MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest sum of a letter's documents (НПЭС: 10 MB).</summary>
    public long MaxTotalBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The largest submission request: the documents at their limit plus room for the letter's JSON part, an optional
    /// sender signature and the multipart framing. The one request-size limit of the letters API, the web form and
    /// the server's listener all follow from it.
    /// </summary>
    public long MaxRequestBytes => MaxTotalBytes + (1024 * 1024);

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
}
