namespace Npes.Contracts;

/// <summary>A contact point of the caller's mailbox, where notices of new letters go once it is confirmed.</summary>
/// <param name="Id">Contact point id.</param>
/// <param name="Channel"><c>email</c> or <c>sms</c>.</param>
/// <param name="Address">The e-mail address or the mobile number (E.164, e.g. +375291234567).</param>
/// <param name="Language">The notices' language: <c>ru</c>, <c>be</c> or <c>en</c>.</param>
/// <param name="Notify">Whether notices go to this contact point (the recipient's choice of channels).</param>
/// <param name="Confirmed">Whether the one-time code was entered; only confirmed contact points receive notices.</param>
/// <param name="ConfirmedAt">When it was confirmed.</param>
/// <param name="CreatedAt">When it was added.</param>
public sealed record ContactDto(Guid Id, string Channel, string Address, string Language, bool Notify, bool Confirmed, DateTimeOffset? ConfirmedAt, DateTimeOffset CreatedAt);

/// <summary>Adds a contact point; a one-time code is sent to it at once.</summary>
public sealed record AddContactRequest(string? Channel, string? Address, string? Language);

/// <summary>The one-time code received at the contact point.</summary>
public sealed record ConfirmContactRequest(string? Code);

/// <summary>Changes a contact point's language or whether notices go to it (absent fields stay).</summary>
public sealed record UpdateContactRequest(string? Language, bool? Notify);
