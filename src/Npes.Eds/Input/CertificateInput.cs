using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Core.Errors;

namespace Npes.Eds.Input;

/// <summary>Reads certificates sent by clients: base64 DER or PEM, with size limits.</summary>
public static class CertificateInput
{
    public const int MaxCertificateChars = 16 * 1024;
    public const int MaxChainLength = 4;

    /// <summary>Longest signature accepted in base64 (RSA-4096, GOST-512 and bign signatures fit well within).</summary>
    public const int MaxSignatureChars = 4096;

    public static X509Certificate2 Parse(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new NpesException(NpesErrors.ValidationFailed, $"'{field}' is required: the certificate as base64 DER or PEM.");
        }

        if (text.Length > MaxCertificateChars)
        {
            throw new NpesException(NpesErrors.CertificateMalformed, $"'{field}' is longer than {MaxCertificateChars} characters.");
        }

        try
        {
            var trimmed = text.Trim();
            var der = trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal)
                ? PemEncoding.Find(trimmed) is var pem && trimmed[pem.Label].SequenceEqual("CERTIFICATE")
                    ? Convert.FromBase64String(trimmed[pem.Base64Data].ToString())
                    : throw new FormatException("PEM block is not a CERTIFICATE.")
                : Convert.FromBase64String(trimmed);
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            throw new NpesException(NpesErrors.CertificateMalformed, $"'{field}' is not a readable X.509 certificate.", e);
        }
    }

    public static IReadOnlyList<X509Certificate2> ParseChain(IReadOnlyList<string>? chain)
    {
        if (chain is null || chain.Count == 0)
        {
            return [];
        }

        if (chain.Count > MaxChainLength)
        {
            throw new NpesException(NpesErrors.ValidationFailed, $"'chain' may hold at most {MaxChainLength} certificates.");
        }

        return chain.Select((c, i) => Parse(c, $"chain[{i}]")).ToList();
    }

    /// <summary>A required base64 field with a length limit; <paramref name="error"/> for too long or not base64.</summary>
    public static byte[] DecodeBase64(string? text, string field, int maxChars, NpesError error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new NpesException(NpesErrors.ValidationFailed, $"'{field}' is required (base64).");
        }

        if (text.Length > maxChars)
        {
            throw new NpesException(error, $"'{field}' is longer than {maxChars} characters.");
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new NpesException(error, $"'{field}' is not base64.", e);
        }
    }

    public static string Thumbprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
}
