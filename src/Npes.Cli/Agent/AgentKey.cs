using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Input;

namespace Npes.Cli.Agent;

/// <summary>
/// The key the agent signs with — a PKCS#12 file, a key container with its certificate, or a key on a PKCS#11 token —
/// opened anew with the PIN or password the holder types for each signature and closed (logged out, wiped) right
/// after it. Between signatures the agent holds only the certificate.
/// </summary>
internal sealed class AgentKey : IDisposable
{
    private readonly Func<char[], SigningKey> _open;

    /// <param name="open">Opens the key with a secret (the caller wipes it).</param>
    /// <param name="secretName">What the holder types, for the prompt: "the PIN of token 'x'", "the password of citizen.p12".</param>
    /// <param name="secret">The secret to open the key once now, to learn its certificate and to check the secret.</param>
    public AgentKey(Func<char[], SigningKey> open, string secretName, char[] secret)
    {
        ArgumentNullException.ThrowIfNull(open);
        _open = open;
        SecretName = secretName;
        using var key = open(secret);
        Certificate = X509CertificateLoader.LoadCertificate(key.Certificate.RawData);
        Thumbprint = CertificateInput.Thumbprint(Certificate);
    }

    public X509Certificate2 Certificate { get; }

    public string Thumbprint { get; }

    public string SecretName { get; }

    /// <summary>Signs <paramref name="data"/> with the key opened by <paramref name="secret"/>; a failure is a <see cref="CliException"/> with its reason.</summary>
    public byte[] Sign(char[] secret, byte[] data)
    {
        using var key = _open(secret);
        if (!string.Equals(CertificateInput.Thumbprint(key.Certificate), Thumbprint, StringComparison.Ordinal))
        {
            throw new CliException("The key now holds another certificate than when the agent started; restart the agent.");
        }

        return key.Sign(data);
    }

    public void Dispose() => Certificate.Dispose();
}
