using Npes.Core.Options;
using Npes.Storage.Jobs;

namespace Npes.Notifications;

/// <summary>How an SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS, required: the relay must offer it.</summary>
    StartTls = 1,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>STARTTLS when the relay offers it, plain text otherwise (a local sink in development).</summary>
    StartTlsWhenAvailable,

    /// <summary>Plain text (a local sink only).</summary>
    None,
}

/// <summary>Whether a notice names the letter's sender.</summary>
public enum SenderNamePolicy
{
    Hidden = 0,
    Shown,
}

/// <summary>Configuration section <c>Npes:Notifications</c>.</summary>
public sealed class NotificationsOptions : IValidatedOptions
{
    public const string Section = "Npes:Notifications";

    /// <summary>How often the dispatcher looks for due notices.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before a notice is given up and recorded as failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Start of the quiet hours in the operator's time zone (<c>Npes:TimeZone</c>): no notice goes out from then…</summary>
    public TimeOnly QuietFrom { get; set; } = new(21, 0);

    /// <summary>…until this local time.</summary>
    public TimeOnly QuietUntil { get; set; } = new(8, 0);

    /// <summary>Send a notice when a letter arrives in a mailbox.</summary>
    public bool ArrivalNotice { get; set; } = true;

    /// <summary>Remind of a registered letter still not signed for this many days after its arrival (0: never).</summary>
    public int RegisteredReminderDays { get; set; } = 3;

    /// <summary>Remind of a registered letter this many days before its accept window closes (0: never).</summary>
    public int DeadlineReminderDays { get; set; } = 2;

    /// <summary>Remind of a simple letter still unread this many days after its arrival (0: never).</summary>
    public int SimpleReminderDays { get; set; } = 7;

    /// <summary>Name the sender in notices of simple letters.</summary>
    public SenderNamePolicy SenderNameSimple { get; set; } = SenderNamePolicy.Shown;

    /// <summary>Name the sender in notices of registered letters (off by default: the name alone may disclose too much).</summary>
    public SenderNamePolicy SenderNameRegistered { get; set; } = SenderNamePolicy.Hidden;

    /// <summary>Contact points a mailbox may have.</summary>
    public int MaxContactsPerMailbox { get; set; } = 6;

    /// <summary>How long a confirmation code is valid.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong codes allowed before the code is void.</summary>
    public int CodeMaxAttempts { get; set; } = 5;

    /// <summary>Codes sent to one contact point at most (the first included).</summary>
    public int CodeMaxSends { get; set; } = 5;

    /// <summary>Time between two codes to the same contact point.</summary>
    public TimeSpan CodeResendInterval { get; set; } = TimeSpan.FromSeconds(60);

    public EmailOptions Email { get; set; } = new();

    public SmsOptions Sms { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        if (Every.Cron(PollInterval) is null)
        {
            yield return "Npes:Notifications:PollInterval must divide a minute, an hour or a day (e.g. 00:00:10).";
        }

        if (MaxAttempts is < 1 or > 50)
        {
            yield return "Npes:Notifications:MaxAttempts must be between 1 and 50.";
        }

        if (RegisteredReminderDays is < 0 or > 90 || DeadlineReminderDays is < 0 or > 90 || SimpleReminderDays is < 0 or > 90)
        {
            yield return "Npes:Notifications reminder days must be between 0 (none) and 90.";
        }

        if (MaxContactsPerMailbox is < 1 or > 50)
        {
            yield return "Npes:Notifications:MaxContactsPerMailbox must be between 1 and 50.";
        }

        if (CodeLifetime < TimeSpan.FromMinutes(1) || CodeLifetime > TimeSpan.FromDays(1))
        {
            yield return "Npes:Notifications:CodeLifetime must be between 1 minute and 1 day.";
        }

        if (CodeMaxAttempts is < 1 or > 20 || CodeMaxSends is < 1 or > 20)
        {
            yield return "Npes:Notifications:CodeMaxAttempts and CodeMaxSends must be between 1 and 20.";
        }

        if (CodeResendInterval < TimeSpan.Zero || CodeResendInterval > TimeSpan.FromHours(1))
        {
            yield return "Npes:Notifications:CodeResendInterval must be between 0 and 1 hour.";
        }

        foreach (var problem in Email.Validate())
        {
            yield return problem;
        }

        foreach (var problem in Sms.Validate())
        {
            yield return problem;
        }
    }
}

/// <summary><c>Npes:Notifications:Email</c>: the SMTP relay notices are handed to. No host: no e-mail notices.</summary>
public sealed class EmailOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Authenticate with these credentials when set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The From address, e.g. no-reply@npes.by.</summary>
    public string From { get; set; } = "no-reply@npes.example";

    /// <summary>The From display name.</summary>
    public string FromName { get; set; } = "НПЭС";

    /// <summary>Time allowed for one message (connect, dialogue, data).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    internal IEnumerable<string> Validate()
    {
        if (Port is < 1 or > 65535)
        {
            yield return "Npes:Notifications:Email:Port must be between 1 and 65535.";
        }

        if (!MimeKit.MailboxAddress.TryParse(From, out var from) || string.IsNullOrEmpty(from.Address) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            yield return "Npes:Notifications:Email:From must be an e-mail address.";
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return "Npes:Notifications:Email:Timeout must be between 0 and 5 minutes.";
        }

        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return "Npes:Notifications:Email:UserName and Password go together.";
        }
    }
}

/// <summary><c>Npes:Notifications:Sms</c>: the HTTP SMS gateway. No URL: no SMS notices.</summary>
public sealed class SmsOptions
{
    /// <summary>The gateway's send endpoint (POST JSON {to, text, reference}).</summary>
    public Uri? Url { get; set; }

    /// <summary>Bearer token of the operator's account at the gateway.</summary>
    public string? Token { get; set; }

    /// <summary>The sender name shown on the phone.</summary>
    public string Sender { get; set; } = "NPES";

    /// <summary>Time allowed for one request.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => Url is not null;

    internal IEnumerable<string> Validate()
    {
        if (Url is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            yield return "Npes:Notifications:Sms:Url must be an absolute http(s) URL.";
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(1))
        {
            yield return "Npes:Notifications:Sms:Timeout must be between 0 and 1 minute.";
        }

        if (string.IsNullOrWhiteSpace(Sender) || Sender.Length > 11)
        {
            yield return "Npes:Notifications:Sms:Sender must be 1 to 11 characters.";
        }
    }
}
