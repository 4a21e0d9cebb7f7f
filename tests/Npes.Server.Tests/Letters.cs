using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Npes.Server.Tests;

/// <summary>A document to attach: name, declared type, bytes.</summary>
internal sealed record Attachment(string Name, string? ContentType, byte[] Content)
{
    public static Attachment Pdf(string name = "letter.pdf") => new(name, "application/pdf", TestDocuments.Pdf());
}

/// <summary>Sending and reading letters through the real HTTP API.</summary>
internal static class Letters
{
    public const string CitizenAddress = "220030, г. Минск, ул. Интернациональная, д. 10, кв. 5";
    public const string CitizenName = "Иванов Иван Иванович";

    public static MultipartFormDataContent Form(object? metadata, IEnumerable<Attachment> documents)
    {
        var form = new MultipartFormDataContent();
        if (metadata is not null)
        {
            form.Add(new StringContent(metadata as string ?? JsonSerializer.Serialize(metadata), Encoding.UTF8, "application/json"), "letter");
        }

        foreach (var document in documents)
        {
            var part = new ByteArrayContent(document.Content);
            if (document.ContentType is not null)
            {
                part.Headers.ContentType = new MediaTypeHeaderValue(document.ContentType);
            }

            form.Add(part, "document", document.Name);
        }

        return form;
    }

    public static object Metadata(string name = CitizenName, string address = CitizenAddress, string kind = "registered", string subject = "Уведомление о задолженности", object? policy = null, string? unp = null) => new
    {
        recipient = new { name, address, unp },
        kind,
        subject,
        policy,
    };

    public static async Task<HttpResponseMessage> SendAsync(HttpClient sender, object? metadata, IEnumerable<Attachment>? documents = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/letters") { Content = Form(metadata, documents ?? [Attachment.Pdf()]) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await sender.SendAsync(request);
    }

    public static async Task<JsonElement> SendOkAsync(HttpClient sender, object? metadata = null, IEnumerable<Attachment>? documents = null)
    {
        using var response = await SendAsync(sender, metadata ?? Metadata(), documents);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<HttpClient> CitizenWithMailboxAsync(NpesApp app, string p12 = "citizen-1.p12", string address = CitizenAddress)
    {
        var client = await app.LoggedInClientAsync(p12);
        using var response = await client.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { address } });
        response.EnsureSuccessStatusCode();
        await PaperCodes.ConfirmAllAsync(app, client);
        return client;
    }

    /// <summary>Fetches the statement for the decision and signs it with the key in <paramref name="p12"/>.</summary>
    public static async Task<HttpResponseMessage> DecideAsync(HttpClient recipient, Guid letterId, string decision, string p12 = "citizen-1.p12", Func<byte[], byte[]>? tamperStatement = null)
    {
        var statement = await recipient.GetFromJsonAsync<JsonElement>($"/api/v1/mailbox/letters/{letterId}/statement?decision={decision}");
        var toBeSigned = Convert.FromBase64String(statement.GetProperty("toBeSigned").GetString()!);
        if (tamperStatement is not null)
        {
            toBeSigned = tamperStatement(toBeSigned);
        }

        using var certificate = TestPki.Load(p12);
        return await recipient.PostAsJsonAsync($"/api/v1/mailbox/letters/{letterId}/{(decision == "accept" ? "handover" : "refuse")}", new
        {
            statement = Convert.ToBase64String(toBeSigned),
            signature = Convert.ToBase64String(TestPki.Sign(certificate, toBeSigned)),
            certificate = Convert.ToBase64String(certificate.RawData),
        });
    }
}
