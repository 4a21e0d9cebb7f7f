using Npes.Addressing.Envelopes;
using Npes.Addressing.Parsing;
using Npes.Core.Addressing;

namespace Npes.Addressing.Tests;

public sealed class EnvelopeAddressingTests
{
    private readonly EnvelopeAddressing _envelopes = new(new AddressParser());

    [Fact]
    public void Layout_PlainAddress_StreetFirstPostcodeLast()
    {
        var envelope = _envelopes.Layout(new RecipientQuery("Иванов Иван Иванович", "220030, г. Минск, пр-т Независимости, 4-12", null));

        Assert.Equal(["пр-т Независимости, д. 4, кв. 12", "г. Минск", "220030"], envelope.Lines);
    }

    [Theory]
    [InlineData("220030, г. Минск, пр-т Независимости, 4, кв. 12, подъезд 2", "подъезд 2")]
    [InlineData("220035, г. Минск, пр-т Победителей, 62-2-15", "62-2-15")]
    public void Layout_PartsSetAsideOrReadTwoWays_SendersWording(string address, string kept)
    {
        var envelope = _envelopes.Layout(new RecipientQuery("Иванов Иван Иванович", address, null));

        Assert.Contains(envelope.Lines, line => line.Contains(kept, StringComparison.Ordinal));
        Assert.Equal("220035"[..3], envelope.Postcode![..3]);
    }
}
