namespace Npes.Core.Errors;

/// <summary>The paper leg's print-shop API.</summary>
public static partial class NpesErrors
{
    public static readonly NpesError BatchNotFound = new("npes.print.batch_not_found", 404, "No such print batch.");
    public static readonly NpesError PieceNotFound = new("npes.print.piece_not_found", 404, "No print piece has that S10 id.");
    public static readonly NpesError BatchState = new("npes.print.batch_state", 409, "The batch is not in the state this action needs.");
    public static readonly NpesError PieceState = new("npes.print.piece_state", 409, "The piece is not in the state this action needs.");
    public static readonly NpesError BatchFilesGone = new("npes.print.files_deleted", 410, "The batch's print files were deleted after dispatch.");
    public static readonly NpesError OutcomeInvalid = new("npes.print.outcome_invalid", 400, "An outcome is 'delivered', or 'returned' with a reason: address_unknown, refused or not_collected.");
    public static readonly NpesError PrintQueryInvalid = new("npes.print.query_invalid", 400, "A query parameter is out of range.");
}
