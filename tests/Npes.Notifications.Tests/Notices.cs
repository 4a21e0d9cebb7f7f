using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npes.Core.Time;
using Npes.Notifications.Outbox;
using Npes.Server.Tests;
using Npes.SmsSimulator;
using Npes.Testing;

namespace Npes.Notifications.Tests;

/// <summary>Starting a host that sends notices to a real SMTP server and the SMS simulator, and driving it.</summary>
internal static partial class Notices
{
    public const string SmsToken = "sms-test-token";

    public static void Configure(Dictionary<string, string?> settings, SmtpSink? smtp, SmsSimulatorHost? sms)
    {
        settings["Npes:Notifications:PollInterval"] = "01:00:00";
        if (smtp is not null)
        {
            settings["Npes:Notifications:Email:Host"] = "127.0.0.1";
            settings["Npes:Notifications:Email:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Npes:Notifications:Email:Security"] = "None";
            settings["Npes:Notifications:Email:From"] = "no-reply@npes.test";
            settings["Npes:Notifications:Email:Timeout"] = "00:00:10";
        }

        if (sms is not null)
        {
            settings["Npes:Notifications:Sms:Url"] = new Uri(sms.Url, "messages").AbsoluteUri;
            settings["Npes:Notifications:Sms:Token"] = SmsToken;
        }
    }

    public static Task<NpesApp> StartAsync(SmtpSink? smtp, SmsSimulatorHost? sms, Action<Dictionary<string, string?>>? more = null) =>
        NpesApp.StartAsync(s =>
        {
            Configure(s, smtp, sms);
            more?.Invoke(s);
        });

    /// <summary>Moves the host's clock forward to the next <paramref name="hour"/>:<paramref name="minute"/> in the operator's time zone.</summary>
    public static void MoveToLocal(NpesApp app, int hour, int minute = 0)
    {
        var calendar = app.Services.GetRequiredService<OperatorCalendar>();
        var now = app.Clock.GetUtcNow();
        var local = calendar.Local(now);
        var target = new DateTimeOffset(local.Date.AddHours(hour).AddMinutes(minute), local.Offset);
        if (target <= local)
        {
            target = target.AddDays(1);
        }

        app.Clock.Advance(target - local);
    }

    public static Task<int> DispatchAsync(NpesApp app) =>
        app.Services.GetRequiredService<NoticeDispatcher>().DispatchDueAsync(CancellationToken.None);

    public static Task<IReadOnlyList<NoticeState>> OfLetterAsync(NpesApp app, Guid letterId) =>
        app.Services.GetRequiredService<NoticeStore>().OfLetterAsync(letterId, CancellationToken.None);

    public static async Task<JsonElement> AddContactAsync(HttpClient owner, string channel, string address, string language)
    {
        using var response = await owner.PostAsJsonAsync("/api/v1/mailbox/contacts", new { channel, address, language });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<Guid> AddConfirmedEmailAsync(HttpClient owner, SmtpSink smtp, string address, string language = "ru")
    {
        var contact = await AddContactAsync(owner, "email", address, language);
        var id = contact.GetProperty("id").GetGuid();
        var code = CodeIn(smtp.To(address)[^1].TextBody);
        using var confirm = await owner.PostAsJsonAsync($"/api/v1/mailbox/contacts/{id}/confirm", new { code });
        Assert.True(confirm.IsSuccessStatusCode, await confirm.Content.ReadAsStringAsync());
        return id;
    }

    public static async Task<Guid> AddConfirmedPhoneAsync(HttpClient owner, SmsSimulatorHost sms, string phone, string language = "ru")
    {
        var contact = await AddContactAsync(owner, "sms", phone, language);
        var id = contact.GetProperty("id").GetGuid();
        var code = CodeIn(sms.State.Messages.Last(m => m.To == phone).Text);
        using var confirm = await owner.PostAsJsonAsync($"/api/v1/mailbox/contacts/{id}/confirm", new { code });
        Assert.True(confirm.IsSuccessStatusCode, await confirm.Content.ReadAsStringAsync());
        return id;
    }

    public static string CodeIn(string? text) =>
        Code().Match(text ?? string.Empty) is { Success: true } match ? match.Value : throw new InvalidOperationException("No code in the message: " + text);

    /// <summary>The letter's events as its sender sees them (type and details).</summary>
    public static async Task<List<JsonElement>> EventsAsync(HttpClient sender, Guid letterId)
    {
        var letter = await sender.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{letterId}");
        return [.. letter.GetProperty("events").EnumerateArray()];
    }

    public static async Task<string> StatusAsync(HttpClient sender, Guid letterId) =>
        (await sender.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{letterId}")).GetProperty("status").GetString()!;

    public static bool HasLink(MimeMessage message) =>
        Link().IsMatch(message.TextBody ?? string.Empty) || Link().IsMatch(message.HtmlBody ?? string.Empty)
        || (message.HtmlBody ?? string.Empty).Contains("<a", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex Code();

    [GeneratedRegex(@"https?:|www\.|href", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}
