using Npes.Core.Auth;
using Npes.Core.Options;

namespace Npes.Server.Web;

/// <summary>
/// How the web pages sign (<c>Npes:Web</c>): through the local signing agent (<c>npes agent</c>) at
/// <see cref="AgentUrl"/>, and — only as a convenience outside Production — with a key file read into the page.
/// </summary>
internal sealed class WebSigningOptions : IValidatedOptions
{
    public const string Section = "Npes:Web";

    /// <summary>Where the pages look for the signing agent; the content security policy lets them connect there and nowhere else.</summary>
    public string AgentUrl { get; set; } = "http://127.0.0.1:7386";

    /// <summary>Whether the pages also offer a PEM key file read into the browser; unset means "not in Production".</summary>
    public bool? KeyFiles { get; set; }

    /// <summary>The agent's origin (scheme, host, port), as the content security policy names it.</summary>
    public string AgentOrigin => new Uri(AgentUrl).GetLeftPart(UriPartial.Authority);

    public bool KeyFilesAllowed(IHostEnvironment environment) => KeyFiles ?? !environment.IsProduction();

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(AgentUrl, UriKind.Absolute, out var uri) || !LoginStatement.IsOrigin(uri.GetLeftPart(UriPartial.Authority))
            || !uri.IsLoopback || uri.AbsolutePath != "/")
        {
            yield return $"{Section}:AgentUrl must be an http(s) URL on the loopback (127.0.0.1, [::1] or localhost) without a path, e.g. http://127.0.0.1:7386";
        }
    }
}
