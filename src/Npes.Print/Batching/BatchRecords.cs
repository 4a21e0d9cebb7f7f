namespace Npes.Print.Batching;

/// <summary>A closed batch as the manifest names it.</summary>
/// <param name="Number">The batch's number; the batch file is <c>&lt;Number&gt;.pdf</c>.</param>
/// <param name="Day">The print shop's day the batch belongs to.</param>
/// <param name="Envelope">The envelope format of every piece in it (C5, C4).</param>
public sealed record BatchHeader(Guid Id, string Number, DateOnly Day, string Envelope, DateTimeOffset ClosedAt);

/// <summary>One rendered piece in a batch.</summary>
/// <param name="Position">1-based place in the batch; pieces are printed in position order.</param>
/// <param name="Postcode">The recipient's postcode, for presorting; null when unknown.</param>
/// <param name="Pages">Pages of <paramref name="Pdf"/> (even).</param>
/// <param name="Sheets">Pages / 2.</param>
/// <param name="Sha256">SHA-256 of <paramref name="Pdf"/>, as recorded when the piece was rendered.</param>
public sealed record BatchPiece(int Position, string S10, string? Postcode, int Pages, int Sheets, byte[] Sha256, byte[] Pdf);

/// <summary>A batch's print file and its manifests.</summary>
/// <param name="Pdf">Every piece's pages, in position order.</param>
/// <param name="Sha256">SHA-256 of <paramref name="Pdf"/>.</param>
/// <param name="ManifestJson">UTF-8 JSON: the batch, the file (name, SHA-256, pages) and each piece with its first page.</param>
/// <param name="ManifestCsv">UTF-8 CSV (RFC 4180): one row per piece, the same columns as the JSON pieces.</param>
public sealed record AssembledBatch(byte[] Pdf, byte[] Sha256, int Pages, int Sheets, byte[] ManifestJson, byte[] ManifestCsv);
