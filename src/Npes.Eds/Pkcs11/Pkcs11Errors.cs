using Net.Pkcs11Interop.Common;

namespace Npes.Eds.Pkcs11;

/// <summary>Turns a module's return values into <see cref="EdsTokenException"/>s with their failure and a precise message.</summary>
internal static class Pkcs11Errors
{
    /// <param name="error">What the module returned.</param>
    /// <param name="token">The token as named in messages.</param>
    /// <param name="doing">What was being done, e.g. "signing with key 'citizen'".</param>
    public static EdsTokenException Map(Pkcs11Exception error, string token, string doing)
    {
        ArgumentNullException.ThrowIfNull(error);
        var returned = $"{error.Method} returned {error.RV}";
        return error.RV switch
        {
            CKR.CKR_PIN_INCORRECT => new(TokenFailure.WrongPin, $"Token {token} refused the PIN ({returned}).", error),
            CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_INVALID =>
                new(TokenFailure.WrongPin, $"Token {token} refused the PIN: it has a length or characters the token never accepts ({returned}).", error),
            CKR.CKR_PIN_LOCKED => new(TokenFailure.PinLocked, $"The user PIN of token {token} is locked ({returned}); it can only be unlocked with the token's administration tool and its security officer PIN or PUK.", error),
            CKR.CKR_PIN_EXPIRED => new(TokenFailure.PinLocked, $"The user PIN of token {token} has expired ({returned}); change it with the token's administration tool first.", error),
            CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_DEVICE_REMOVED or CKR.CKR_TOKEN_NOT_RECOGNIZED or CKR.CKR_SLOT_ID_INVALID
                or CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED =>
                new(TokenFailure.TokenRemoved, $"Token {token} was removed or lost its session while {doing} ({returned}).", error),
            CKR.CKR_MECHANISM_INVALID or CKR.CKR_MECHANISM_PARAM_INVALID or CKR.CKR_KEY_TYPE_INCONSISTENT or CKR.CKR_KEY_FUNCTION_NOT_PERMITTED =>
                new(TokenFailure.MechanismUnsupported, $"Token {token} cannot do what NPES asked while {doing} ({returned}).", error),
            CKR.CKR_FUNCTION_CANCELED => new(TokenFailure.DeviceError, $"The operation was cancelled on token {token} while {doing} ({returned}).", error),
            _ => new(TokenFailure.DeviceError, $"Token {token} failed while {doing} ({returned}).", error),
        };
    }
}
