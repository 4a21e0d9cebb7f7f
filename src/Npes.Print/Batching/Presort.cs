namespace Npes.Print.Batching;

/// <summary>
/// The order pieces are printed in, which is the order the post office sorts them: by postcode (pieces without one
/// last), then by S10 id, so a batch comes out of the printer already grouped by delivery office.
/// </summary>
internal static class Presort
{
    /// <summary>Items in presort order: postcode (ordinal, blanks and nulls last), then S10 id (ordinal). Stable.</summary>
    public static IReadOnlyList<T> Order<T>(IEnumerable<T> items, Func<T, string?> postcode, Func<T, string> s10)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(postcode);
        ArgumentNullException.ThrowIfNull(s10);
        return items
            .Select(item => (Item: item, Postcode: Normalize(postcode(item)), S10: s10(item)))
            .OrderBy(x => x.Postcode is null ? 1 : 0)
            .ThenBy(x => x.Postcode, StringComparer.Ordinal)
            .ThenBy(x => x.S10, StringComparer.Ordinal)
            .Select(x => x.Item)
            .ToList();
    }

    private static string? Normalize(string? postcode) => string.IsNullOrWhiteSpace(postcode) ? null : postcode.Trim();

    /// <summary>Pieces in presort order, their <see cref="BatchPiece.Position"/> renumbered 1, 2, 3, … in that order.</summary>
    public static IReadOnlyList<BatchPiece> Order(IEnumerable<BatchPiece> pieces) =>
        Order(pieces, p => p.Postcode, p => p.S10).Select((p, i) => p with { Position = i + 1 }).ToList();
}
