using System.Security.Cryptography.X509Certificates;
using Npes.Core.Errors;
using Npes.Eds.Input;
using Npes.Server.Auth;

namespace Npes.Server.Web;

/// <summary>What the browser's key file yields: the holder's certificate among those it carries.</summary>
internal static class WebEds
{
    public const int MaxCertificates = 5;

    /// <summary>The end-entity certificate (not a CA) among <paramref name="certificates"/>, as base64 DER.</summary>
    public static string Leaf(IReadOnlyList<string>? certificates)
    {
        if (certificates is null || certificates.Count == 0)
        {
            throw new NpesException(NpesErrors.ValidationFailed, "The key file carries no certificate.");
        }

        if (certificates.Count > MaxCertificates)
        {
            throw new NpesException(NpesErrors.ValidationFailed, $"The key file carries more than {MaxCertificates} certificates.");
        }

        foreach (var text in certificates)
        {
            using var certificate = CertificateInput.Parse(text, "certificate");
            var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            if (constraints is null || !constraints.CertificateAuthority)
            {
                return Convert.ToBase64String(certificate.RawData);
            }
        }

        throw new NpesException(NpesErrors.ValidationFailed, "The key file carries only CA certificates.");
    }
}
