using System.Reflection;
using Npes.Core.Errors;
using Npes.Core.Parties;

namespace Npes.Core.Tests;

public sealed class NpesErrorsTests
{
    private static readonly NpesError[] All = typeof(NpesErrors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (NpesError)f.GetValue(null)!)
        .ToArray();

    [Fact]
    public void Catalogue_Codes_AreUniqueAndNamespaced()
    {
        Assert.Equal(All.Length, All.Select(e => e.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(All.Where(e => e != NpesErrors.Unavailable), e => Assert.Matches("^npes\\.[a-z]+\\.[a-z_]+$", e.Code));
        Assert.All(All, e => Assert.InRange(e.Status, 400, 599));
    }

    [Fact]
    public void Unavailable_IsThePlatformWide503()
    {
        // Not an area's refusal but the platform's: clients match this one code for "retry later".
        Assert.Equal("npes.unavailable", NpesErrors.Unavailable.Code);
        Assert.Equal(503, NpesErrors.Unavailable.Status);
    }

    [Fact]
    public void IdentityKeyOf_PersonAndOrganisation_AreDistinct()
    {
        Assert.Equal("person:3140582A001PB1", Party.IdentityKeyOf(PartyKind.Person, "3140582A001PB1", null));
        Assert.Equal("organisation:100289066", Party.IdentityKeyOf(PartyKind.Organisation, null, "100289066"));
        Assert.Throws<ArgumentException>(() => Party.IdentityKeyOf(PartyKind.Person, null, "100289066"));
        Assert.Throws<ArgumentException>(() => Party.IdentityKeyOf(PartyKind.Organisation, "3140582A001PB1", null));
    }

    [Fact]
    public void NpesException_NullError_Refused()
    {
        Assert.Throws<ArgumentNullException>(() => new NpesException(null!));
    }
}
