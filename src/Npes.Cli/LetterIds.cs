using System.Globalization;

namespace Npes.Cli;

internal static class LetterIds
{
    /// <summary>A letter id is the GUID that <c>npes send</c>, <c>npes inbox</c> and the API print.</summary>
    public static Guid Parse(string? text) =>
        Guid.TryParse(text, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new CliException($"'{text}' is not a letter id (a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301, as `npes send` and `npes inbox` print).") { ExitCode = 2 };
}
