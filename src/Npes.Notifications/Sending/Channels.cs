namespace Npes.Notifications.Sending;

/// <summary>Channel names, as stored and on the wire.</summary>
internal static class Channels
{
    public const string Email = "email";
    public const string Sms = "sms";

    public static bool IsKnown(string? channel) => channel is Email or Sms;
}

/// <summary>What became of one attempt to send.</summary>
internal enum SendOutcome
{
    /// <summary>Handed to the relay or gateway.</summary>
    Sent = 1,

    /// <summary>Worth trying again later (connection, timeout, a temporary refusal).</summary>
    Transient,

    /// <summary>Will never succeed (the relay or gateway refused the destination for good).</summary>
    Permanent,
}

/// <summary>The result of an attempt: the relay's message id when sent, else the reason (without secrets).</summary>
internal sealed record SendResult(SendOutcome Outcome, string? MessageId, string? Error)
{
    public static SendResult Sent(string? messageId) => new(SendOutcome.Sent, messageId, null);

    public static SendResult Transient(string error) => new(SendOutcome.Transient, null, error);

    public static SendResult Permanent(string error) => new(SendOutcome.Permanent, null, error);
}

/// <summary>One message to one destination.</summary>
internal sealed record OutgoingMessage(string Destination, string Language, string Subject, string Text, string Html, string Sms, Guid Reference);
