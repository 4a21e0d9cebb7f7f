using System.CommandLine;

namespace Npes.Cli;

/// <summary>A logged-in profile and an API client carrying its token, for the commands that act as someone.</summary>
internal sealed class Session : IDisposable
{
    private Session(string profileName, Profile profile, ApiClient api)
    {
        ProfileName = profileName;
        Profile = profile;
        Api = api;
    }

    public string ProfileName { get; }

    public Profile Profile { get; }

    public ApiClient Api { get; }

    /// <summary>Loads the profile named by <c>--profile</c>; <c>--server</c> or NPES_SERVER override the server it was saved for.</summary>
    public static Session Open(CliEnvironment environment, GlobalOptions globals, ParseResult parseResult)
    {
        var profileName = parseResult.GetValue(globals.Profile)!;
        var profile = new ProfileStore(environment).Load(profileName);
        var server = parseResult.GetResult(globals.Server) is { Implicit: false } || environment.Variable("NPES_SERVER") is { Length: > 0 }
            ? globals.ServerUri(parseResult)
            : new Uri(profile.Server);
        if (profile.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            throw new CliException($"The login of profile '{profileName}' expired at {profile.ExpiresAt:u}; run `npes login` again.");
        }

        return new Session(profileName, profile, new ApiClient(server, environment, profile.AccessToken));
    }

    /// <summary>
    /// Opens the profile's key (the PKCS#12 file, or the key container with its certificate, remembered at login); the
    /// password comes from the caller, never from the profile.
    /// </summary>
    public SigningKey OpenKey(string? password)
    {
        if (Profile.KeyFile is null)
        {
            throw new CliException($"Profile '{ProfileName}' does not remember its key file; run `npes login --p12 FILE{(ProfileName == "default" ? string.Empty : " --profile " + ProfileName)}` again.");
        }

        return Profile.CertificateFile is null
            ? SigningKey.Open(new FileInfo(Profile.KeyFile), password)
            : SigningKey.Open(new FileInfo(Profile.KeyFile), new FileInfo(Profile.CertificateFile), password);
    }

    public void Dispose() => Api.Dispose();
}
