using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Npes.Server.Tests;

public sealed class AddressEndpointTests
{
    [Fact]
    public async Task Parse_AnonymousBelarusianAddress_Components()
    {
        await using var app = await NpesApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/addresses/parse", new { text = "220030, Мінск, вул. Янкі Купалы, 5 к2 кв7" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var address = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("220030", address.GetProperty("postcode").GetString());
        Assert.Equal("Мінск", address.GetProperty("settlement").GetString());
        Assert.Equal("street", address.GetProperty("streetType").GetString());
        Assert.Equal("Янкі Купалы", address.GetProperty("street").GetString());
        Assert.Equal(("5", "2", "7"), (address.GetProperty("house").GetString(), address.GetProperty("building").GetString(), address.GetProperty("unit").GetString()));
        Assert.Equal("220030, Мінск, ул. Янкі Купалы, д. 5, корп. 2, кв. 7", address.GetProperty("canonical").GetString());
    }

    [Fact]
    public async Task Parse_NotAnAddress_RefusedAsUnparseable()
    {
        await using var app = await NpesApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/addresses/parse", new { text = "hello world" });

        await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity, "npes.address.unparseable");
    }

    [Fact]
    public async Task Parse_BodyOver4KB_RefusedAsTooLarge()
    {
        await using var app = await NpesApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/addresses/parse", new { text = "г. Минск, ул. Ленина, 5", padding = new string('x', 5000) });

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, "npes.request.too_large");
    }

    [Theory]
    [InlineData("{\"text\": 5}")]
    [InlineData("{}")]
    [InlineData("not json")]
    public async Task Parse_BadBody_RefusedAsInvalid(string body)
    {
        await using var app = await NpesApp.StartAsync();
        using var client = app.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/v1/addresses/parse", content);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "npes.request.invalid");
    }

    [Fact]
    public async Task Parse_MoreThanThePermitsOfAMinute_RefusedAsRateLimited()
    {
        await using var app = await NpesApp.StartAsync(settings => settings["Npes:Addressing:ParsePermitsPerMinute"] = "3");
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/v1/addresses/parse", new { text = "г. Минск, ул. Ленина, 5" });
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var response = await client.PostAsJsonAsync("/api/v1/addresses/parse", new { text = "г. Минск, ул. Ленина, 5" });

        await Problem.AssertAsync(response, HttpStatusCode.TooManyRequests, "npes.request.rate_limited");
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
