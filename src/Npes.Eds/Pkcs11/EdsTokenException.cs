namespace Npes.Eds.Pkcs11;

/// <summary>What went wrong with a key on a PKCS#11 token; each has its own message (and its own CLI exit code).</summary>
public enum TokenFailure
{
    /// <summary>The PKCS#11 module (the vendor's library) does not exist, is not a PKCS#11 module, or does not initialise.</summary>
    ModuleUnavailable = 1,

    /// <summary>No token with the given label or serial number is present.</summary>
    TokenNotPresent,

    /// <summary>Several present tokens carry the given label; the serial number must choose.</summary>
    TokenAmbiguous,

    /// <summary>The token was removed (or its session lost) while in use.</summary>
    TokenRemoved,

    /// <summary>The token refused the PIN (CKR_PIN_INCORRECT, or a PIN of a length or form it never accepts).</summary>
    WrongPin,

    /// <summary>The user PIN is locked (CKR_PIN_LOCKED or CKF_USER_PIN_LOCKED) or expired; only the token's owner tools can unlock it.</summary>
    PinLocked,

    /// <summary>No private key on the token matches the given label or id.</summary>
    KeyNotFound,

    /// <summary>Several private keys match; the key id (or label) must choose.</summary>
    KeyAmbiguous,

    /// <summary>The token holds no certificate for the key.</summary>
    CertificateNotFound,

    /// <summary>The token offers no mechanism NPES can sign the key's algorithm with, or no vendor mechanism is configured.</summary>
    MechanismUnsupported,

    /// <summary>Another signing operation holds the token and did not finish in time.</summary>
    TokenBusy,

    /// <summary>The token failed otherwise (device error, a signature that does not verify with its own certificate, ...).</summary>
    DeviceError,
}

/// <summary>
/// A PKCS#11 token could not be used: <see cref="Failure"/> says why, the message says precisely what (token label,
/// key, the module's return value); it never carries the PIN.
/// </summary>
public sealed class EdsTokenException : Exception
{
    public EdsTokenException()
    {
    }

    public EdsTokenException(string message)
        : base(message)
    {
    }

    public EdsTokenException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public EdsTokenException(TokenFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    public TokenFailure Failure { get; } = TokenFailure.DeviceError;
}
