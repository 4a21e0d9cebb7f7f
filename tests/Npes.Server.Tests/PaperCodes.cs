using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Npes.Core.Letters;
using Npes.Letters.Store;
using Npes.Storage.Documents;

namespace Npes.Server.Tests;

/// <summary>
/// Reads the confirmation code from the paper letter NPES sent to an address — what the owner finds in the
/// postbox. Tests read it through the server's own store and sealing; nothing else can.
/// </summary>
public static partial class PaperCodes
{
    public static async Task<string> ReadAsync(NpesApp app, Guid letterId)
    {
        ArgumentNullException.ThrowIfNull(app);
        var letters = app.Services.GetRequiredService<ILetterStore>();
        var sealing = app.Services.GetRequiredService<SealedDocuments>();
        var letter = await letters.FindAsync(letterId, CancellationToken.None) ?? throw new InvalidOperationException("No such letter.");
        var document = (await letters.DocumentsAsync(letterId, CancellationToken.None)).Single();
        var text = Encoding.UTF8.GetString(sealing.Unseal(letter.Id, new WrappedKey(letter.KeyId, letter.WrappedKey), document.Position, document.Sealed));
        return CodePattern().Match(text) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No code in the letter.");
    }

    /// <summary>Confirms every unconfirmed address of the caller's mailbox with the codes sent on paper.</summary>
    public static async Task ConfirmAllAsync(NpesApp app, HttpClient owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var mailbox = await owner.GetFromJsonAsync<JsonElement>("/api/v1/mailboxes/me");
        foreach (var address in mailbox.GetProperty("addresses").EnumerateArray().Where(a => !a.GetProperty("confirmed").GetBoolean()))
        {
            var code = await ReadAsync(app, address.GetProperty("confirmationLetterId").GetGuid());
            using var response = await owner.PostAsJsonAsync($"/api/v1/mailboxes/me/addresses/{address.GetProperty("id").GetGuid()}/confirm", new { code });
            response.EnsureSuccessStatusCode();
        }
    }

    [GeneratedRegex("Код подтверждения адреса: ([0-9]{8})")]
    private static partial Regex CodePattern();
}
