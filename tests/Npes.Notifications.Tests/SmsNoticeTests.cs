using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npes.Server.Tests;
using TestLetters = Npes.Server.Tests.Letters;
using Npes.SmsSimulator;
using Npes.Webhooks;

namespace Npes.Notifications.Tests;

/// <summary>Notices by SMS, through the gateway simulator on a real port.</summary>
public sealed class SmsNoticeTests
{
    private const string Phone = "+375291234567";

    [Fact]
    public async Task Arrival_VerifiedPhone_ShortNoticeWithS10AndNoLink()
    {
        await using var sms = await SmsSimulatorHost.StartAsync(new SmsSimulatorOptions { Token = Notices.SmsToken });
        await using var app = await Notices.StartAsync(null, sms);
        Notices.MoveToLocal(app, 10);
        using var citizen = await TestLetters.CitizenWithMailboxAsync(app);
        await Notices.AddConfirmedPhoneAsync(citizen, sms, Phone, "en");
        await Notices.AddContactAsync(citizen, "sms", "+375 33 765-43-21", "ru");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var sent = await TestLetters.SendOkAsync(bank);

        Assert.Equal(1, await Notices.DispatchAsync(app));

        var message = sms.State.Messages.Last(m => m.To == Phone);
        Assert.Contains(sent.GetProperty("s10").GetString()!, message.Text, StringComparison.Ordinal);
        Assert.StartsWith("NPES: registered letter", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("http", message.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("NPES", message.From);
        Assert.Single(sms.State.Messages, m => m.To == "+375337654321"); // the unconfirmed number: its code only
        var events = await Notices.EventsAsync(bank, sent.GetProperty("id").GetGuid());
        var notice = Assert.Single(events, e => e.GetProperty("type").GetString() == "NotificationSent").GetProperty("details");
        Assert.Equal(("sms", "+375******567"), (notice.GetProperty("channel").GetString(), notice.GetProperty("destination").GetString()));
    }

    [Fact]
    public async Task Reminder_SimpleLetterUnread_DaySevenUnlessOpened()
    {
        await using var sms = await SmsSimulatorHost.StartAsync(new SmsSimulatorOptions { Token = Notices.SmsToken });
        await using var app = await Notices.StartAsync(null, sms);
        Notices.MoveToLocal(app, 10);
        using var citizen = await TestLetters.CitizenWithMailboxAsync(app);
        await Notices.AddConfirmedPhoneAsync(citizen, sms, Phone, "ru");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var unread = (await TestLetters.SendOkAsync(bank, TestLetters.Metadata(kind: "simple", subject: "Первое"))).GetProperty("id").GetGuid();
        var opened = (await TestLetters.SendOkAsync(bank, TestLetters.Metadata(kind: "simple", subject: "Второе"))).GetProperty("id").GetGuid();
        Assert.Equal(2, await Notices.DispatchAsync(app));
        (await citizen.GetAsync($"/api/v1/mailbox/letters/{opened}/documents/0")).EnsureSuccessStatusCode();

        app.Clock.Advance(TimeSpan.FromDays(6) + TimeSpan.FromHours(23));
        var daySix = await Notices.DispatchAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var daySeven = await Notices.DispatchAsync(app);

        Assert.Equal((0, 1), (daySix, daySeven));
        Assert.Contains("ещё не прочитано", sms.State.Messages.Last(m => m.To == Phone).Text, StringComparison.Ordinal);
        Assert.Equal(["sent", "sent"], (await Notices.OfLetterAsync(app, unread)).Select(n => n.State));
        Assert.Equal(["sent", "cancelled"], (await Notices.OfLetterAsync(app, opened)).Select(n => n.State));
    }

    [Fact]
    public async Task Outage_GatewayDown_RetriedWithBackoffThenSentOnce()
    {
        await using var sms = await SmsSimulatorHost.StartAsync(new SmsSimulatorOptions { Token = Notices.SmsToken });
        await using var app = await Notices.StartAsync(null, sms);
        Notices.MoveToLocal(app, 10);
        using var citizen = await TestLetters.CitizenWithMailboxAsync(app);
        await Notices.AddConfirmedPhoneAsync(citizen, sms, Phone);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var letterId = (await TestLetters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        sms.State.Down = true;

        var down = await Notices.DispatchAsync(app);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var beforeBackoff = await Notices.DispatchAsync(app);
        sms.State.Down = false;
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var after = await Notices.DispatchAsync(app);

        Assert.Equal((0, 0, 1), (down, beforeBackoff, after));
        Assert.Equal(2, sms.State.Messages.Count(m => m.To == Phone));
        var notice = Assert.Single(await Notices.OfLetterAsync(app, letterId), n => n.Kind == "arrival");
        Assert.Equal(("sent", 2), (notice.State, notice.Attempts));
    }

    [Fact]
    public async Task Failure_GatewayRefusesNumber_NotificationFailedInEvidenceAndSenderWebhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sms = await SmsSimulatorHost.StartAsync(new SmsSimulatorOptions { Token = Notices.SmsToken });
        await using var app = await Notices.StartAsync(null, sms);
        Notices.MoveToLocal(app, 10);
        using var citizen = await TestLetters.CitizenWithMailboxAsync(app);
        await Notices.AddConfirmedPhoneAsync(citizen, sms, Phone);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        (await bank.PutAsJsonAsync("/api/v1/webhook", new { url = receiver.Url.AbsoluteUri })).EnsureSuccessStatusCode();

        // The number stops existing after it was confirmed: the gateway now refuses it for good.
        sms.State.Options.UnreachablePrefixes.Add(Phone);
        var letterId = (await TestLetters.SendOkAsync(bank)).GetProperty("id").GetGuid();

        Assert.Equal(0, await Notices.DispatchAsync(app));
        app.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(0, await Notices.DispatchAsync(app));

        var notice = Assert.Single(await Notices.OfLetterAsync(app, letterId), n => n.Kind == "arrival");
        Assert.Equal(("failed", 1, "HTTP 422"), (notice.State, notice.Attempts, notice.LastError));
        using var sender = await app.LoggedInClientAsync("org-1.p12");
        var events = await Notices.EventsAsync(sender, letterId);
        var failed = Assert.Single(events, e => e.GetProperty("type").GetString() == "NotificationFailed").GetProperty("details");
        Assert.Equal(("sms", "HTTP 422"), (failed.GetProperty("channel").GetString(), failed.GetProperty("reason").GetString()));
        Assert.Equal("consigned", await Notices.StatusAsync(sender, letterId));

        await app.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None);
        var posted = receiver.Events.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("data")).ToList();
        Assert.Contains(posted, d => d.GetProperty("event").GetString() == "NotificationFailed"
            && d.GetProperty("letterId").GetGuid() == letterId
            && d.GetProperty("details").GetProperty("destination").GetString() == "+375******567");
    }

    [Fact]
    public async Task Failure_LastAttempt_EndsFailedNotRetriedForever()
    {
        await using var sms = await SmsSimulatorHost.StartAsync(new SmsSimulatorOptions { Token = Notices.SmsToken });
        await using var app = await Notices.StartAsync(null, sms, s => s["Npes:Notifications:MaxAttempts"] = "3");
        Notices.MoveToLocal(app, 9);
        using var citizen = await TestLetters.CitizenWithMailboxAsync(app);
        await Notices.AddConfirmedPhoneAsync(citizen, sms, Phone);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var letterId = (await TestLetters.SendOkAsync(bank, TestLetters.Metadata(kind: "simple"))).GetProperty("id").GetGuid();
        sms.State.Down = true;

        for (var round = 0; round < 6; round++)
        {
            await Notices.DispatchAsync(app);
            app.Clock.Advance(TimeSpan.FromMinutes(20));
        }

        var notice = Assert.Single(await Notices.OfLetterAsync(app, letterId), n => n.Kind == "arrival");
        Assert.Equal(("failed", 3, "HTTP 503"), (notice.State, notice.Attempts, notice.LastError));
        using var sender = await app.LoggedInClientAsync("org-1.p12");
        Assert.Single(await Notices.EventsAsync(sender, letterId), e => e.GetProperty("type").GetString() == "NotificationFailed");
    }

    /// <summary>The sender's webhook endpoint: records every body posted to it.</summary>
    private sealed class WebhookReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private WebhookReceiver(WebApplication app, Uri url, ConcurrentQueue<byte[]> events)
        {
            _app = app;
            Url = url;
            Events = events;
        }

        public Uri Url { get; }

        public ConcurrentQueue<byte[]> Events { get; }

        public static async Task<WebhookReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var events = new ConcurrentQueue<byte[]>();
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                events.Enqueue(buffer.ToArray());
                return Results.StatusCode((int)HttpStatusCode.NoContent);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new WebhookReceiver(app, new Uri(address.TrimEnd('/') + "/hook"), events);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
