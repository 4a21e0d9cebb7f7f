using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Npes.Notifications.Content;

/// <summary>The languages a contact point may choose.</summary>
internal static class NoticeLanguages
{
    public const string Russian = "ru";
    public const string Belarusian = "be";
    public const string English = "en";

    public static readonly IReadOnlyList<string> All = [Russian, Belarusian, English];

    public static bool IsKnown(string? language) => language is Russian or Belarusian or English;
}

/// <summary>A notice as written: subject (e-mail), plain text, HTML (e-mail) and the short text of an SMS.</summary>
internal sealed record RenderedNotice(string Subject, string Text, string Html, string Sms);

/// <summary>
/// The notices' wording, one file per language (<c>Content/Templates/{language}.txt</c>, embedded): sections
/// <c>[name]</c> holding text with <c>{placeholders}</c>. A notice says that a letter waits in the mailbox, its S10 and
/// the date by which to sign for it — never a link and never any of the letter's content.
/// </summary>
internal sealed partial class NoticeTemplates
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _languages;

    public NoticeTemplates()
    {
        var assembly = typeof(NoticeTemplates).Assembly;
        var languages = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var language in NoticeLanguages.All)
        {
            using var stream = assembly.GetManifestResourceStream($"Npes.Notifications.Templates.{language}.txt")
                ?? throw new InvalidOperationException($"The notice templates for '{language}' are missing.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            languages[language] = Parse(reader.ReadToEnd(), language);
        }

        _languages = languages.ToFrozenDictionary(StringComparer.Ordinal);
        foreach (var (language, sections) in _languages)
        {
            var missing = RequiredSections.Where(s => !sections.ContainsKey(s)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"The notice templates for '{language}' lack the sections {string.Join(", ", missing)}.");
            }
        }
    }

    private static readonly string[] Kinds = ["arrival-simple", "arrival-registered", "reminder-simple", "reminder-registered", "deadline-registered", "code"];

    private static readonly string[] RequiredSections =
        [.. Kinds.SelectMany(k => new[] { k + ".subject", k + ".text", k + ".sms" }), "sender-line", "date-format", "footer"];

    /// <summary>A letter notice: <paramref name="kind"/> is arrival, reminder or deadline.</summary>
    public RenderedNotice Letter(string language, string kind, bool registered, string s10, DateTimeOffset? signByLocal, string? senderName)
    {
        var sections = _languages[language];
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["s10"] = s10,
            ["deadline"] = signByLocal is { } d ? d.ToString(sections["date-format"].Trim(), CultureInfo.InvariantCulture) : string.Empty,
            ["sender"] = senderName ?? string.Empty,
        };
        values["senderLine"] = senderName is null ? string.Empty : Fill(sections["sender-line"], values).Trim();
        return Render(sections, $"{kind}-{(registered ? "registered" : "simple")}", values);
    }

    /// <summary>The message carrying a contact point's confirmation code.</summary>
    public RenderedNotice Code(string language, string code, int minutes) =>
        Render(_languages[language], "code", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["code"] = code,
            ["minutes"] = minutes.ToString(CultureInfo.InvariantCulture),
        });

    private static RenderedNotice Render(FrozenDictionary<string, string> sections, string name, Dictionary<string, string> values)
    {
        if (!sections.ContainsKey(name + ".text"))
        {
            throw new ArgumentException($"No notice template '{name}'.", nameof(name));
        }

        var subject = Fill(sections[name + ".subject"], values).Trim();
        var text = Tidy(Fill(sections[name + ".text"], values)) + "\n\n" + sections["footer"].Trim() + "\n";
        var sms = Tidy(Fill(sections[name + ".sms"], values)).Replace('\n', ' ');
        return new RenderedNotice(subject, text, Html(subject, text), sms);
    }

    /// <summary>The HTML part: the plain text's paragraphs, encoded. No links, no images, nothing fetched.</summary>
    private static string Html(string subject, string text)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(subject)).Append("</title></head><body>\n");
        foreach (var paragraph in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph).Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static string Fill(string template, Dictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"The notice template uses an unknown placeholder {{{m.Groups[1].Value}}}."));

    /// <summary>Collapses the blank lines left by empty placeholders.</summary>
    private static string Tidy(string text) => BlankLines().Replace(text.Trim().ReplaceLineEndings("\n"), "\n\n");

    /// <summary>Sections start with a line <c>[name]</c>; lines starting with <c>#</c> before any section are comments.</summary>
    internal static FrozenDictionary<string, string> Parse(string file, string language)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var body = new StringBuilder();
        foreach (var line in file.ReplaceLineEndings("\n").Split('\n'))
        {
            var header = SectionHeader().Match(line);
            if (header.Success)
            {
                Close();
                current = header.Groups[1].Value;
                if (sections.ContainsKey(current))
                {
                    throw new InvalidOperationException($"The notice templates for '{language}' define [{current}] twice.");
                }

                continue;
            }

            if (current is null)
            {
                if (line.Length > 0 && !line.StartsWith('#'))
                {
                    throw new InvalidOperationException($"The notice templates for '{language}' have text before the first section.");
                }

                continue;
            }

            body.Append(line).Append('\n');
        }

        Close();
        return sections.ToFrozenDictionary(StringComparer.Ordinal);

        void Close()
        {
            if (current is not null)
            {
                sections[current] = body.ToString().Trim('\n');
            }

            body.Clear();
        }
    }

    [GeneratedRegex(@"\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\[([a-z0-9.\-]+)\]\s*$")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
