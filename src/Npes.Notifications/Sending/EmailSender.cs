using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace Npes.Notifications.Sending;

/// <summary>
/// E-mail over SMTP with MailKit: one connection per batch of messages, STARTTLS (required by default),
/// authentication when configured, a Message-Id of the sender's domain, plain-text and HTML alternatives.
/// </summary>
internal sealed class EmailSender(IOptions<NotificationsOptions> options, TimeProvider time) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SmtpClient? _client;

    public bool Enabled => options.Value.Email.Enabled;

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value.Email;
        if (!settings.Enabled)
        {
            return SendResult.Permanent("e-mail notices are not configured");
        }

        var mime = Compose(message, settings, time.GetUtcNow());
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            try
            {
                var client = await ConnectedAsync(settings, timeout.Token);
                await client.SendAsync(mime, timeout.Token);
                return SendResult.Sent(mime.MessageId);
            }
            catch (SmtpCommandException e)
            {
                // 5xx: the relay refuses for good (unknown mailbox, policy); 4xx: try again later.
                Drop();
                var error = $"SMTP {(int)e.StatusCode} {e.ErrorCode}";
                return (int)e.StatusCode >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted
                    ? SendResult.Permanent(error)
                    : SendResult.Transient(error);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Drop();
                return SendResult.Transient($"no answer from the SMTP relay within {settings.Timeout.TotalSeconds:0} s");
            }
            catch (Exception e) when (e is SmtpProtocolException or SocketException or IOException or SslHandshakeException
                or AuthenticationException or ServiceNotConnectedException or ServiceNotAuthenticatedException or TimeoutException)
            {
                Drop();
                return SendResult.Transient("SMTP relay unavailable: " + e.GetType().Name);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static MimeMessage Compose(OutgoingMessage message, EmailOptions settings, DateTimeOffset now)
    {
        var from = MailboxAddress.Parse(settings.From);
        from.Name = settings.FromName;
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = now,
            MessageId = MimeUtils.GenerateMessageId(from.Domain),
        };
        mime.From.Add(from);
        mime.To.Add(MailboxAddress.Parse(message.Destination));
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        mime.Headers.Add("X-Auto-Response-Suppress", "All");
        mime.Headers.Add("X-Npes-Reference", message.Reference.ToString("D"));
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();
        mime.Body.Headers.Add(HeaderId.ContentLanguage, message.Language);
        return mime;
    }

    private async Task<SmtpClient> ConnectedAsync(EmailOptions settings, CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } connected)
        {
            try
            {
                await connected.NoOpAsync(cancellationToken);
                return connected;
            }
            catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or SocketException)
            {
                Drop();
            }
        }

        var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            var security = settings.Security switch
            {
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(settings.Host!, settings.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? string.Empty, cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _client = client;
        return client;
    }

    private void Drop()
    {
        var client = _client;
        _client = null;
        client?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { IsConnected: true } client)
        {
            try
            {
                await client.DisconnectAsync(quit: true);
            }
            catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException)
            {
                // Leaving anyway.
            }
        }

        _client?.Dispose();
        _gate.Dispose();
    }
}
