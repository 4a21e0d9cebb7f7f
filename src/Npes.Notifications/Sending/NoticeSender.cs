namespace Npes.Notifications.Sending;

/// <summary>Sends a message on the contact point's channel: e-mail through the SMTP relay, SMS through the gateway.</summary>
internal sealed class NoticeSender(EmailSender email, ISmsGateway sms)
{
    public bool Supports(string channel) => channel switch
    {
        Channels.Email => email.Enabled,
        Channels.Sms => sms.Enabled,
        _ => false,
    };

    public Task<SendResult> SendAsync(string channel, OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return channel switch
        {
            Channels.Email => email.SendAsync(message, cancellationToken),
            Channels.Sms => sms.SendAsync(message.Destination, message.Sms, message.Reference, cancellationToken),
            _ => Task.FromResult(SendResult.Permanent($"unknown channel '{channel}'")),
        };
    }
}
