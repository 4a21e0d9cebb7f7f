using Npes.Contracts;

namespace Npes.Core.Parties;

/// <summary>A party as the API shows it.</summary>
public static class PartyDtos
{
    public static PartyDto ToDto(this Party party)
    {
        ArgumentNullException.ThrowIfNull(party);
        return new(party.Id, party.Kind == PartyKind.Person ? "person" : "organisation", party.DisplayName, party.PersonalNumber, party.Unp);
    }
}
