namespace Npes.Eds;

/// <summary>A certificate, key or signature that a provider cannot work with, with a precise message.</summary>
public sealed class EdsException : Exception
{
    public EdsException()
    {
    }

    public EdsException(string message)
        : base(message)
    {
    }

    public EdsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
