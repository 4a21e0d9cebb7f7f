using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Npes.Server.Tests;

/// <summary>Hostile and malformed input: each is refused with its own code, and nothing is stored.</summary>
public sealed class LetterRefusalTests
{
    public static TheoryData<string, string, int> Submissions => new()
    {
        { "encrypted-pdf", "npes.letter.document_encrypted", 400 },
        { "encrypted-pdf-no-user-password", "npes.letter.document_encrypted", 400 },
        { "pdf-with-javascript", "npes.letter.document_active_content", 400 },
        { "pdf-with-launch-action", "npes.letter.document_active_content", 400 },
        { "png-named-pdf", "npes.letter.document_type_mismatch", 400 },
        { "pdf-declared-png", "npes.letter.document_type_mismatch", 400 },
        { "truncated-pdf", "npes.letter.document_invalid", 400 },
        { "garbage-named-pdf", "npes.letter.document_type_unsupported", 415 },
        { "executable", "npes.letter.document_type_unsupported", 415 },
        { "empty-document", "npes.letter.document_invalid", 400 },
        { "no-documents", "npes.letter.documents_count", 400 },
        { "four-documents", "npes.letter.documents_count", 400 },
        { "duplicate-names", "npes.letter.document_invalid", 400 },
        { "too-large-total", "npes.letter.document_too_large", 413 },
        { "path-in-name", "npes.letter.document_name_invalid", 400 },
        { "missing-letter-part", "npes.letter.metadata_invalid", 400 },
        { "letter-not-json", "npes.letter.metadata_invalid", 400 },
        { "no-recipient-name", "npes.letter.metadata_invalid", 400 },
        { "no-address", "npes.letter.metadata_invalid", 400 },
        { "address-too-long", "npes.letter.metadata_invalid", 400 },
        { "bad-kind", "npes.letter.metadata_invalid", 400 },
        { "empty-subject", "npes.letter.metadata_invalid", 400 },
        { "subject-too-long", "npes.letter.metadata_invalid", 400 },
        { "bad-unp", "npes.letter.metadata_invalid", 400 },
        { "window-out-of-range", "npes.letter.metadata_invalid", 400 },
        { "window-on-simple-letter", "npes.letter.metadata_invalid", 400 },
        { "bad-idempotency-key", "npes.request.invalid", 400 },
        { "not-multipart", "npes.request.unsupported_media_type", 415 },
    };

    [Theory]
    [MemberData(nameof(Submissions))]
    public async Task Submit_HostileInput_RefusedWithCodeAndNothingStored(string input, string code, int status)
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s =>
        {
            connectionString = s["ConnectionStrings:Npes"]!;
            s["Npes:Documents:MaxTotalBytes"] = "200000";
            s["Npes:Documents:MaxDocumentBytes"] = "150000";
        });
        using var bank = await app.LoggedInClientAsync("org-1.p12");

        using var response = await SendHostileAsync(bank, input);

        await Problem.AssertAsync(response, (HttpStatusCode)status, code);
        foreach (var table in new[] { "letters", "letter_documents", "letter_receipts", "evidence_events", "paper_queue" })
        {
            Assert.Equal(0L, await Db.ScalarAsync(connectionString, $"select count(*) from {table}"));
        }
    }

    private static Task<HttpResponseMessage> SendHostileAsync(HttpClient bank, string input)
    {
        var pdf = TestDocuments.Pdf();
        return input switch
        {
            "encrypted-pdf" => Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "application/pdf", TestDocuments.EncryptedPdf())]),
            "encrypted-pdf-no-user-password" => Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "application/pdf", TestDocuments.EncryptedPdfWithoutUserPassword())]),
            "pdf-with-javascript" => Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "application/pdf", TestDocuments.PdfWithJavaScript())]),
            "pdf-with-launch-action" => Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "application/pdf", TestDocuments.PdfWithLaunchAction())]),
            "png-named-pdf" => Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", null, TestDocuments.Png)]),
            "pdf-declared-png" => Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "image/png", pdf)]),
            "truncated-pdf" => Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "application/pdf", pdf[..(pdf.Length / 3)])]),
            "garbage-named-pdf" => Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", null, [0x00, 0x01, 0x02, 0xFF, 0xFE])]),
            "executable" => Letters.SendAsync(bank, Letters.Metadata(), [new("setup.exe", "application/octet-stream", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])]),
            "empty-document" => Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "application/pdf", [])]),
            "no-documents" => Letters.SendAsync(bank, Letters.Metadata(), []),
            "four-documents" => Letters.SendAsync(bank, Letters.Metadata(), Enumerable.Range(1, 4).Select(i => new Attachment($"{i}.pdf", "application/pdf", pdf)).ToList()),
            "duplicate-names" => Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "application/pdf", pdf), new("A.PDF", "application/pdf", pdf)]),
            "too-large-total" => Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "application/pdf", TestDocuments.Pdf(padding: 120_000)), new("b.pdf", "application/pdf", TestDocuments.Pdf(padding: 120_000))]),
            "path-in-name" => Letters.SendAsync(bank, Letters.Metadata(), [new("..", "application/pdf", pdf)]),
            "missing-letter-part" => Letters.SendAsync(bank, null),
            "letter-not-json" => Letters.SendAsync(bank, "{\"recipient\": "),
            "no-recipient-name" => Letters.SendAsync(bank, Letters.Metadata(name: " ")),
            "no-address" => Letters.SendAsync(bank, Letters.Metadata(address: "")),
            "address-too-long" => Letters.SendAsync(bank, Letters.Metadata(address: new string('а', 501))),
            "bad-kind" => Letters.SendAsync(bank, Letters.Metadata(kind: "express")),
            "empty-subject" => Letters.SendAsync(bank, Letters.Metadata(subject: "")),
            "subject-too-long" => Letters.SendAsync(bank, Letters.Metadata(subject: new string('т', 201))),
            "bad-unp" => Letters.SendAsync(bank, Letters.Metadata(unp: "12345")),
            "window-out-of-range" => Letters.SendAsync(bank, Letters.Metadata(policy: new { acceptWindowDays = 0 })),
            "window-on-simple-letter" => Letters.SendAsync(bank, Letters.Metadata(kind: "simple", policy: new { acceptWindowDays = 5 })),
            "bad-idempotency-key" => Letters.SendAsync(bank, Letters.Metadata(), idempotencyKey: "ключ с пробелами"),
            "not-multipart" => bank.PostAsJsonAsync("/api/v1/letters", Letters.Metadata()),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown hostile input."),
        };
    }

    public static TheoryData<string, string, int> Decisions => new()
    {
        { "replayed-handover", "npes.letter.already_decided", 409 },
        { "handover-after-refusal", "npes.letter.already_decided", 409 },
        { "statement-of-other-letter", "npes.letter.statement_invalid", 400 },
        { "statement-for-refusal-posted-as-handover", "npes.letter.statement_invalid", 400 },
        { "edited-statement", "npes.letter.statement_invalid", 400 },
        { "stale-statement", "npes.letter.statement_invalid", 400 },
        { "signed-by-another-citizen", "npes.letter.signer_not_recipient", 403 },
        { "signed-by-untrusted-certificate", "npes.eds.certificate_untrusted", 401 },
        { "signature-over-other-bytes", "npes.auth.signature_invalid", 401 },
        { "handover-of-someone-elses-letter", "npes.letter.not_found", 404 },
        { "handover-of-simple-letter", "npes.request.invalid", 400 },
        { "malformed-certificate", "npes.eds.certificate_malformed", 400 },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public async Task Decide_HostileInput_RefusedAndLetterUnchanged(string input, string code, int status)
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var other = await Letters.CitizenWithMailboxAsync(app, "citizen-2.p12", "г. Гомель, ул. Советская, д. 3, кв. 7");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var id = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        var second = (await Letters.SendOkAsync(bank, Letters.Metadata(subject: "second"))).GetProperty("id").GetGuid();
        var expectedStatus = "consigned";

        HttpResponseMessage response;
        switch (input)
        {
            case "replayed-handover":
            {
                var statement = await StatementAsync(citizen, id, "accept");
                var body = Signed(statement, "citizen-1.p12");
                (await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover", body)).EnsureSuccessStatusCode();
                response = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover", body);
                expectedStatus = "handed_over";
                break;
            }

            case "handover-after-refusal":
            {
                var handover = Signed(await StatementAsync(citizen, id, "accept"), "citizen-1.p12");
                (await Letters.DecideAsync(citizen, id, "refuse")).EnsureSuccessStatusCode();
                response = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover", handover);
                expectedStatus = "refused";
                break;
            }

            case "statement-of-other-letter":
                response = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover", Signed(await StatementAsync(citizen, second, "accept"), "citizen-1.p12"));
                break;
            case "statement-for-refusal-posted-as-handover":
                response = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover", Signed(await StatementAsync(citizen, id, "refuse"), "citizen-1.p12"));
                break;
            case "edited-statement":
                response = await Letters.DecideAsync(citizen, id, "accept", tamperStatement: s => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(s).Replace("accept", "accept ", StringComparison.Ordinal)));
                break;
            case "stale-statement":
            {
                var statement = await StatementAsync(citizen, id, "accept");
                app.Clock.Advance(TimeSpan.FromMinutes(11));
                response = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover", Signed(statement, "citizen-1.p12"));
                break;
            }

            case "signed-by-another-citizen":
                response = await Letters.DecideAsync(citizen, id, "accept", p12: "citizen-2.p12");
                break;
            case "signed-by-untrusted-certificate":
                response = await Letters.DecideAsync(citizen, id, "accept", p12: TestPki.ForeignFile("citizen-1.p12"));
                break;
            case "signature-over-other-bytes":
            {
                var statement = await StatementAsync(citizen, id, "accept");
                using var key = TestPki.Load("citizen-1.p12");
                response = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover", new
                {
                    statement = Convert.ToBase64String(statement),
                    signature = Convert.ToBase64String(TestPki.Sign(key, [.. statement, 0x20])),
                    certificate = Convert.ToBase64String(key.RawData),
                });
                break;
            }

            case "handover-of-someone-elses-letter":
                response = await other.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover", Signed(await StatementAsync(citizen, id, "accept"), "citizen-2.p12"));
                break;
            case "handover-of-simple-letter":
            {
                var simple = (await Letters.SendOkAsync(bank, Letters.Metadata(kind: "simple"))).GetProperty("id").GetGuid();
                response = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{simple}/handover", Signed(await StatementAsync(citizen, id, "accept"), "citizen-1.p12"));
                break;
            }

            case "malformed-certificate":
                response = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover", new
                {
                    statement = Convert.ToBase64String(await StatementAsync(citizen, id, "accept")),
                    signature = Convert.ToBase64String(new byte[64]),
                    certificate = "AAAA",
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown hostile input.");
        }

        using (response)
        {
            await Problem.AssertAsync(response, (HttpStatusCode)status, code);
        }

        using var sender = await app.LoggedInClientAsync("org-1.p12");
        var letter = await sender.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{id}");
        Assert.Equal(expectedStatus, letter.GetProperty("status").GetString());
    }

    private static async Task<byte[]> StatementAsync(HttpClient recipient, Guid id, string decision)
    {
        var statement = await recipient.GetFromJsonAsync<JsonElement>($"/api/v1/mailbox/letters/{id}/statement?decision={decision}");
        return Convert.FromBase64String(statement.GetProperty("toBeSigned").GetString()!);
    }

    private static object Signed(byte[] statement, string p12)
    {
        using var key = TestPki.Load(p12);
        return new
        {
            statement = Convert.ToBase64String(statement),
            signature = Convert.ToBase64String(TestPki.Sign(key, statement)),
            certificate = Convert.ToBase64String(key.RawData),
        };
    }
}
