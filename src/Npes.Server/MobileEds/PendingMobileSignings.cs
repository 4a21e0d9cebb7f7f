using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npes.Core.Errors;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Server.MobileEds;

/// <summary>What the server must remember while the phone answers: the service's request, who may poll it and what it signs for.</summary>
/// <param name="Purpose">login or handover.</param>
/// <param name="ServiceRequestId">The mobile signing service's request id.</param>
/// <param name="Phone">The phone the prompt went to.</param>
/// <param name="ClientSecretHash">SHA-256 of the poll secret only the starting client holds.</param>
/// <param name="Code">The verification code shown on the phone and to the starting client.</param>
/// <param name="ChallengeId">Login: the challenge whose bytes the phone signs.</param>
/// <param name="PartyId">Handover: the caller who started it.</param>
/// <param name="LetterId">Handover: the letter.</param>
/// <param name="Statement">Handover: the statement bytes (base64) the phone signs.</param>
internal sealed record PendingMobileSigning(
    string Purpose,
    string ServiceRequestId,
    string Phone,
    byte[] ClientSecretHash,
    string Code,
    Guid? ChallengeId,
    Guid? PartyId,
    Guid? LetterId,
    string? Statement,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    public const string Login = "login";
    public const string Handover = "handover";
}

/// <summary>
/// Pending mobile signings in PostgreSQL, under unguessable ids, so that any node answers a poll; forgotten after the
/// final answer and purged after expiry. A poll must carry the secret handed to the client that started the request.
/// </summary>
internal sealed class PendingMobileSignings(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const int MaxIdLength = 128;

    /// <summary>A fresh poll secret and its hash (only the hash is stored).</summary>
    public static (string Secret, byte[] Hash) NewSecret()
    {
        var secret = "mps_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, Hash(secret));
    }

    /// <summary>A short code for the holder to compare on the phone and where they started: four digits.</summary>
    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<string> AddAsync(PendingMobileSigning signing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signing);
        var id = "mob_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into mobile_signings (id, purpose, service_request_id, phone, client_secret_hash, code, challenge_id, party_id, letter_id, statement, created_at, expires_at)
            values (@id, @Purpose, @ServiceRequestId, @Phone, @ClientSecretHash, @Code, @ChallengeId, @PartyId, @LetterId, @Statement, @CreatedAt, @ExpiresAt)
            """,
            new
            {
                id,
                signing.Purpose,
                signing.ServiceRequestId,
                signing.Phone,
                signing.ClientSecretHash,
                signing.Code,
                signing.ChallengeId,
                signing.PartyId,
                signing.LetterId,
                signing.Statement,
                CreatedAt = Time.ToDb(signing.CreatedAt),
                ExpiresAt = Time.ToDb(signing.ExpiresAt),
            },
            cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>The pending request <paramref name="id"/>, when <paramref name="secret"/> is the one handed to the client that started it.</summary>
    public async Task<PendingMobileSigning> FindAsync(string? id, string? secret, CancellationToken cancellationToken)
    {
        PendingMobileSigning? signing = null;
        if (id is { Length: > 0 and <= MaxIdLength })
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                """
                select purpose, service_request_id as ServiceRequestId, phone, client_secret_hash as ClientSecretHash, code,
                    challenge_id as ChallengeId, party_id as PartyId, letter_id as LetterId, statement, created_at as CreatedAt, expires_at as ExpiresAt
                from mobile_signings where id = @id and expires_at > @now - interval '1 minute'
                """,
                new { id, now = Time.ToDb(time.GetUtcNow()) },
                cancellationToken: cancellationToken));
            signing = row is null ? null : new PendingMobileSigning(
                row.Purpose, row.ServiceRequestId, row.Phone, row.ClientSecretHash, row.Code, row.ChallengeId, row.PartyId, row.LetterId, row.Statement, Time.FromDb(row.CreatedAt), Time.FromDb(row.ExpiresAt));
        }

        if (signing is null)
        {
            throw new NpesException(NpesErrors.MobileRequestUnknown, "No mobile signing request with this id is pending (unknown, answered, or expired).");
        }

        if (secret is not { Length: > 0 and <= MaxIdLength } || !CryptographicOperations.FixedTimeEquals(Hash(secret), signing.ClientSecretHash))
        {
            throw new NpesException(NpesErrors.MobileClientMismatch, "This mobile signing request was started by another client: only the client holding its poll secret may poll it.");
        }

        return signing;
    }

    /// <summary>Forgets the request; false when another poll already did (the answer is taken once).</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("delete from mobile_signings where id = @id", new { id }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from mobile_signings where expires_at < @before", new { before = Time.ToDb(before) }, cancellationToken: cancellationToken));
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private sealed class Row
    {
        public string Purpose { get; init; } = string.Empty;

        public string ServiceRequestId { get; init; } = string.Empty;

        public string Phone { get; init; } = string.Empty;

        public byte[] ClientSecretHash { get; init; } = [];

        public string Code { get; init; } = string.Empty;

        public Guid? ChallengeId { get; init; }

        public Guid? PartyId { get; init; }

        public Guid? LetterId { get; init; }

        public string? Statement { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime ExpiresAt { get; init; }
    }
}
