using Dapper;
using Npes.Core.Letters;
using Npes.Storage.Sql;
using Npgsql;
using static Npes.Print.Store.PrintRows;

namespace Npes.Print.Store;

/// <summary>
/// The print shop's actions on batches and pieces. Each moves the paper leg's own state and, in the same transaction,
/// the letters concerned through their lifecycle (<see cref="ILetterLifecycle"/>), which writes their evidence.
/// </summary>
internal sealed class OperatorActionStore(NpgsqlDataSource dataSource, ILetterLifecycle letters)
{
    /// <summary>ready → printed, with a Printed event on every piece's letter. False when not ready.</summary>
    public Task<bool> MarkPrintedAsync(Guid batchId, Func<PrintPiece, IReadOnlyDictionary<string, string>> details, DateTimeOffset now, CancellationToken cancellationToken) =>
        MoveBatchAsync(batchId, BatchStates.Ready, BatchStates.Printed, "printed_at", PieceStates.Batched, PieceStates.Printed, LetterAction.Print, details, now, cancellationToken);

    /// <summary>printed → dispatched, with a Dispatched event on every piece's letter. False when not printed.</summary>
    public Task<bool> MarkDispatchedAsync(Guid batchId, Func<PrintPiece, IReadOnlyDictionary<string, string>> details, DateTimeOffset now, CancellationToken cancellationToken) =>
        MoveBatchAsync(batchId, BatchStates.Printed, BatchStates.Dispatched, "dispatched_at", PieceStates.Printed, PieceStates.Dispatched, LetterAction.Dispatch, details, now, cancellationToken);

    /// <summary>dispatched → delivered or returned, with its event. False when the piece is not dispatched.</summary>
    public async Task<bool> RecordOutcomeAsync(Guid letterId, string pieceState, IReadOnlyDictionary<string, string> details, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var action = pieceState switch
        {
            PieceStates.Delivered => LetterAction.DeliverOnPaper,
            PieceStates.Returned => LetterAction.Return,
            _ => throw new ArgumentOutOfRangeException(nameof(pieceState), pieceState, "An outcome is delivered or returned."),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "update print_pieces set state = @pieceState, outcome = @pieceState, outcome_at = @at where letter_id = @letterId and state = 'dispatched'",
            new { pieceState, at = Time.ToDb(now), letterId },
            transaction,
            cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return false;
        }

        await letters.ApplyAsync(transaction, action, [new LetterActionItem(letterId, [details])], now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<bool> MoveBatchAsync(
        Guid batchId,
        string fromState,
        string toState,
        string timeColumn,
        string fromPieceState,
        string toPieceState,
        LetterAction action,
        Func<PrintPiece, IReadOnlyDictionary<string, string>> details,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            $"update print_batches set state = @toState, {timeColumn} = @at where id = @batchId and state = @fromState",
            new { toState, at = Time.ToDb(now), batchId, fromState },
            transaction,
            cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return false;
        }

        var pieces = (await connection.QueryAsync<PieceRow>(new CommandDefinition(
            $"update print_pieces set state = @toPieceState where batch_id = @batchId and state = @fromPieceState returning {PieceColumns}",
            new { toPieceState, batchId, fromPieceState },
            transaction,
            cancellationToken: cancellationToken))).Select(r => r.ToPiece()).OrderBy(p => p.BatchPosition).ToList();
        await letters.ApplyAsync(transaction, action, pieces.Select(p => new LetterActionItem(p.LetterId, [details(p)])).ToList(), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
