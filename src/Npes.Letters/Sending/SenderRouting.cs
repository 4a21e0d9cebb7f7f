using Npes.Contracts;
using Npes.Core.Addressing;

namespace Npes.Letters.Sending;

/// <summary>
/// What a sender learns about routing: the channel (mailbox or paper) and a coarse class — never the resolver's
/// detailed outcome or sentence. "No mailbox here", "a mailbox here under another name" and "several mailboxes"
/// all read <c>not_matched</c>, so letters cannot be used to learn which flats have mailboxes and whose they are.
/// The detailed outcome and reason stay on the letter for the operator (the paper queue, the operator-only
/// resolve preview) and in the server's log.
/// </summary>
internal static class SenderRouting
{
    public const string Mailbox = "mailbox";
    public const string Paper = "paper";

    public const string Matched = "matched";
    public const string NotMatched = "not_matched";
    public const string AddressNotUnderstood = "address_not_understood";
    public const string OperatorPaper = "operator_paper";

    /// <summary>The coarse class of a stored routing outcome.</summary>
    public static string Class(string outcome) => outcome switch
    {
        _ when outcome == ResolutionOutcome.Matched.Name() => Matched,
        _ when outcome == ResolutionOutcome.Unparseable.Name() => AddressNotUnderstood,
        OperatorPaper => OperatorPaper,
        _ => NotMatched,
    };

    public static string Channel(string outcome) => Class(outcome) == Matched ? Mailbox : Paper;

    /// <summary>The one sentence a sender reads for a class.</summary>
    public static string Reason(string routingClass) => routingClass switch
    {
        Matched => "The recipient's name and address match a confirmed e-mailbox.",
        AddressNotUnderstood => "The address could not be read; the letter goes on paper.",
        OperatorPaper => "A letter of the postal operator, sent on paper.",
        _ => "No confirmed e-mailbox matches the recipient's name and address with certainty; the letter goes on paper.",
    };

    /// <summary>The sender's view of a letter's routing; the stored reason is used only for the operator's own letters.</summary>
    public static RoutingDto Dto(string outcome, string storedReason)
    {
        var routingClass = Class(outcome);
        return new RoutingDto(Channel(outcome), routingClass, routingClass == OperatorPaper ? storedReason : Reason(routingClass));
    }
}
