namespace Npes.Contracts;

/// <summary>An address to parse.</summary>
/// <param name="Text">The address as free text (at most 500 characters).</param>
public sealed record ParseAddressRequest(string? Text);

/// <summary>A postal address split into UPU S42 components; absent components are omitted.</summary>
/// <param name="SettlementType">city, urbanSettlement, agrotown, village or settlement.</param>
/// <param name="StreetType">street, avenue, lane, boulevard, tract, square, microdistrict, embankment, highway, passage or deadEnd.</param>
/// <param name="UnitType">apartment, premises, office or room.</param>
/// <param name="Canonical">The address written the canonical way.</param>
/// <param name="Unrecognised">Parts of the text that fit no component.</param>
public sealed record ParsedAddressDto(
    string? Postcode,
    string? Region,
    string? District,
    string? Selsovet,
    string? SettlementType,
    string? Settlement,
    string? StreetType,
    string? Street,
    string? House,
    string? Building,
    string? UnitType,
    string? Unit,
    string Canonical,
    IReadOnlyList<string> Unrecognised);

/// <summary>A recipient to look up without sending anything.</summary>
public sealed record ResolvePreviewRequest(string? Name, string? Address, string? Unp);

/// <summary>Where a letter would go: outcome (matched, no_mailbox, …), the mailbox when matched, and why.</summary>
public sealed record ResolutionPreviewDto(string Outcome, Guid? MailboxId, string Reason);
