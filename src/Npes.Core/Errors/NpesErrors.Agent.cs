namespace Npes.Core.Errors;

/// <summary>The local signing agent (<c>npes agent</c>): why it did not sign what a web page asked it to.</summary>
public static partial class NpesErrors
{
    public static readonly NpesError AgentOriginRefused = new("npes.agent.origin_refused", 403, "The signing agent serves only the NPES origins it was started for.");
    public static readonly NpesError AgentHostRefused = new("npes.agent.host_refused", 403, "The signing agent answers only requests addressed to 127.0.0.1 or localhost.");
    public static readonly NpesError AgentStatementRefused = new("npes.agent.statement_refused", 422, "The signing agent signs only NPES login, handover and refusal statements meant for the asking origin.");
    public static readonly NpesError AgentDeclined = new("npes.agent.declined", 403, "The holder of the key declined to sign.");
    public static readonly NpesError AgentTimedOut = new("npes.agent.timed_out", 408, "Nobody confirmed the signature in time.");
    public static readonly NpesError AgentBusy = new("npes.agent.busy", 409, "The signing agent is waiting for the holder of the key to confirm another signature.");
    public static readonly NpesError AgentRequestInvalid = new("npes.agent.request_invalid", 400, "The request to the signing agent is not valid.");
    public static readonly NpesError AgentKeyFailed = new("npes.agent.key_failed", 422, "The key could not sign (wrong PIN or password, token removed, or key not usable).");
}
