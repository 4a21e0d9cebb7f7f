using System.Text.Json;
using System.Text.RegularExpressions;
using Npes.Eds.Pkcs11;

namespace Npes.Cli;

/// <summary>
/// A saved login: the server it is for, its bearer token and the key that logged in — a PKCS#12 file, or a key
/// container with its certificate, by path; or a key on a PKCS#11 token, by module, token and key — never a password,
/// a PIN or key material.
/// </summary>
/// <param name="KeyFile">Full path of the PKCS#12 file or of the key container; absent in profiles saved before it was remembered.</param>
/// <param name="CertificateFile">Full path of the certificate that goes with the key container; null for a PKCS#12 file.</param>
/// <param name="Token">The key on a PKCS#11 token that logged in; null for key files.</param>
internal sealed record Profile(
    string Server,
    string AccessToken,
    DateTimeOffset ExpiresAt,
    string PartyName,
    IReadOnlyList<string> Roles,
    string? KeyFile = null,
    string? CertificateFile = null,
    Pkcs11KeyReference? Token = null);

/// <summary>
/// Profiles let several identities sit side by side (a citizen, an organisation, an operator). They live in
/// <c>$NPES_HOME/profiles/NAME.json</c>, by default under the user's config folder, readable only by the user.
/// </summary>
internal sealed partial class ProfileStore(CliEnvironment environment)
{
    public string Home
    {
        get
        {
            var home = environment.Variable("NPES_HOME");
            if (!string.IsNullOrWhiteSpace(home))
            {
                return home;
            }

            var config = environment.Variable("XDG_CONFIG_HOME");
            if (string.IsNullOrWhiteSpace(config))
            {
                config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            }

            return Path.Combine(config, "npes");
        }
    }

    public void Save(string name, Profile profile)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // The token is a credential: readable by its owner only, from the first byte written.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        File.Delete(temp);
        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, profile, Json.Options);
        }

        File.Move(temp, path, overwrite: true);
    }

    public Profile Load(string name)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            throw new CliException($"Profile '{name}' has no login yet; run `npes login --p12 FILE --password PW{(name == "default" ? string.Empty : " --profile " + name)}` (or --key FILE --certificate FILE instead of --p12) first.");
        }

        try
        {
            return JsonSerializer.Deserialize<Profile>(File.ReadAllText(path), Json.Options)
                ?? throw new CliException($"Profile file {path} is empty.");
        }
        catch (JsonException e)
        {
            throw new CliException($"Profile file {path} is damaged; log in again.", e);
        }
    }

    private string PathOf(string name)
    {
        if (!ProfileName().IsMatch(name))
        {
            throw new CliException($"Profile name '{name}' is not allowed: use 1-64 letters, digits, '-' or '_'.") { ExitCode = 2 };
        }

        return Path.Combine(Home, "profiles", name + ".json");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ProfileName();
}
