using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Npes.Addressing.Text;

namespace Npes.Addressing.Names;

/// <summary>A mailbox owner: a person or an organisation.</summary>
public enum MailboxKind
{
    Person,
    Organisation,
}

/// <summary>How well a recipient name fits an owner.</summary>
internal enum NameFit
{
    None,

    /// <summary>Surname with initials only ("Иванов И.И.").</summary>
    Initials,

    /// <summary>Surname and given name written out, or an organisation's name.</summary>
    Full,
}

/// <summary>
/// One word of a person's name as written: its key, the key with Belarusian given-name stems made Russian, whether
/// it is an initial, and its first letter's key.
/// </summary>
internal readonly record struct NamePart(string Key, string Stem, bool IsInitial, string InitialKey);

/// <summary>A name split into words, with the legal form and УНП of an organisation taken out.</summary>
internal sealed partial class ParsedName
{
    private ParsedName(IReadOnlyList<NamePart> parts, string? legalForm, string core, string? unp)
    {
        Parts = parts;
        LegalForm = legalForm;
        CoreKey = core;
        Unp = unp;
        WithoutRemark = this;
    }

    /// <summary>The words other than the legal form and УНП, as person-name parts.</summary>
    public IReadOnlyList<NamePart> Parts { get; }

    /// <summary>Canonical legal form (ОАО, ООО, ИП, …), when written.</summary>
    public string? LegalForm { get; }

    /// <summary>The name without legal form, quotes, spaces and hyphens, as a phonetic key: "мирстрой".</summary>
    public string CoreKey { get; }

    /// <summary>A УНП written inside the name ("УНП 190000001"), as written (normalise with <see cref="UnpNumber.Normalize"/>).</summary>
    public string? Unp { get; }

    /// <summary>Whether the name carries a remark in parentheses: "Белагропромбанк (отделение)".</summary>
    public bool HasRemark => !ReferenceEquals(WithoutRemark, this);

    /// <summary>The name with its parenthesised remarks left out (itself when it has none).</summary>
    public ParsedName WithoutRemark { get; private set; }

    /// <summary>Words an envelope puts before the name: "Кому: гр. Иванову И.И.", "Каму: спадару …", "To: Mr …".</summary>
    private static readonly FrozenSet<string> EnvelopeWords = FrozenSet.ToFrozenSet(
        ["кому", "каму", "получатель", "атрымальнік", "адресат", "гр", "граждан", "гражданину", "гражданке", "гр ну", "гр ке",
         "господину", "госпоже", "г ну", "г же", "спадару", "спадарыні", "спадарыни", "грамадзяніну", "грамадзянцы",
         "to", "attn", "mr", "mrs", "ms"],
        StringComparer.Ordinal);

    public static ParsedName Parse(string? text)
    {
        var parsed = ParseWords(text ?? string.Empty);
        if (text is not null && text.Contains('(', StringComparison.Ordinal))
        {
            var plain = ParseWords(Remark().Replace(text, " "));
            if (plain.Parts.Count > 0 && plain.Parts.Count < parsed.Parts.Count)
            {
                parsed.WithoutRemark = plain;
            }
        }

        return parsed;
    }

    private static ParsedName ParseWords(string text)
    {
        var words = WordSplit().Matches(text).Select(m => m.Value).ToList();
        string? unp = null;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].Length == 9 && words[i].Any(char.IsAsciiDigit) && UnpNumber.Normalize(words[i]) is not null && (i == 0 || IsUnpWord(words[i - 1]) || i == words.Count - 1))
            {
                unp = words[i];
                if (i > 0 && IsUnpWord(words[i - 1]))
                {
                    words.RemoveAt(i - 1);
                    i--;
                }

                words.RemoveAt(i);
                break;
            }
        }

        while (words.Count > 1 && EnvelopeWords.Contains(Fold.Normalize(words[0])))
        {
            words.RemoveAt(0);
        }

        var legalForm = TakeLegalForm(words, fromStart: true) ?? TakeLegalForm(words, fromStart: false);
        var parts = words
            .Select(w => (Word: w, Key: Fold.Key(w).Replace(" ", string.Empty, StringComparison.Ordinal)))
            .Where(w => w.Key.Length > 0)
            .Select(w => new NamePart(w.Key, GivenStem(w.Key), w.Word.Length == 1, Fold.WordKey(w.Word[..1])))
            .ToList();
        var core = string.Concat(parts.Select(p => p.Key));
        return new ParsedName(parts, legalForm, core, unp);
    }

    // Surnames come from given names too (Пятроў/Петров), so every word goes through the stems.
    private static string GivenStem(string key)
    {
        if (Lexicon.GivenNames.TryGetValue(key, out var russian))
        {
            return russian;
        }

        foreach (var (from, to) in Lexicon.GivenNameStems)
        {
            if (key.StartsWith(from, StringComparison.Ordinal) && !key.StartsWith(to, StringComparison.Ordinal))
            {
                return to + key[from.Length..];
            }
        }

        return key;
    }

    private static bool IsUnpWord(string word) => Fold.Key(word) is "unp";

    private static string? TakeLegalForm(List<string> words, bool fromStart)
    {
        for (var length = Math.Min(7, words.Count - 1); length >= 1; length--)
        {
            var span = fromStart ? words.Take(length) : words.Skip(words.Count - length);
            var key = Fold.Normalize(string.Concat(span)).Replace(" ", string.Empty, StringComparison.Ordinal);
            if (Lexicon.LegalForms.TryGetValue(key, out var code))
            {
                words.RemoveRange(fromStart ? 0 : words.Count - length, length);
                return code;
            }
        }

        return null;
    }

    // Words of a name: quotes and punctuation split, hyphens and apostrophes stay inside (Петрова-Водкина, Дар'я).
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:[-'’ʼ][\p{L}\p{N}]+)*")]
    private static partial Regex WordSplit();

    /// <summary>A remark in parentheses.</summary>
    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Remark();
}

/// <summary>A mailbox owner's name prepared for matching.</summary>
internal sealed class OwnerName
{
    private readonly NamePart[] _person;

    // The Belarusian initial of each component when it differs (Владимировна: У. for Уладзіміраўна).
    private readonly string?[] _belarusianInitials;

    public OwnerName(MailboxKind kind, string name, string? unp)
    {
        Kind = kind;
        Name = name;
        WrittenUnp = unp;
        Parsed = ParsedName.Parse(name);
        Unp = UnpNumber.Normalize(unp) ?? UnpNumber.Normalize(Parsed.Unp);
        _person = [.. Parsed.Parts];

        // "Иван Иванович Иванов": a name written given-name first is put in register order.
        if (_person.Length == 3 && IsPatronymic(_person[1].Key) && !IsPatronymic(_person[2].Key))
        {
            _person = [_person[2], _person[0], _person[1]];
        }

        _belarusianInitials = [.. _person.Select(p => Lexicon.BelarusianInitial(p.Stem))];
    }

    private static bool IsPatronymic(string key) =>
        key.EndsWith("vich", StringComparison.Ordinal) || key.EndsWith("vna", StringComparison.Ordinal) || key.EndsWith("ichna", StringComparison.Ordinal);

    public MailboxKind Kind { get; }

    /// <summary>The name as registered.</summary>
    public string Name { get; }

    /// <summary>The УНП as registered.</summary>
    public string? WrittenUnp { get; }

    public ParsedName Parsed { get; }

    /// <summary>The owner's УНП in its normalised form (<see cref="UnpNumber.Normalize"/>), or null.</summary>
    public string? Unp { get; }

    /// <summary>How the recipient's name fits this owner (the УНП is compared by the resolver, before names).</summary>
    public NameFit Fit(ParsedName recipient)
    {
        if (Kind == MailboxKind.Organisation)
        {
            if (recipient.LegalForm is not null && Parsed.LegalForm is not null && !Lexicon.LegalFormsAgree(recipient.LegalForm, Parsed.LegalForm))
            {
                return NameFit.None;
            }

            if (recipient.CoreKey.Length > 0 && recipient.CoreKey == Parsed.CoreKey)
            {
                return NameFit.Full;
            }

            // An individual entrepreneur is a person with a legal form: "ИП Иванов И.И.".
            return Parsed.LegalForm == "ИП" ? PersonFit(recipient.Parts) : NameFit.None;
        }

        return recipient.LegalForm is null ? PersonFit(recipient.Parts) : NameFit.None;
    }

    // Owner names are "Surname Given Patronymic". Every recipient word must be one of them (any order, any case,
    // any script); initials stand for the given name and patronymic; the surname and the given name are required.
    private NameFit PersonFit(IReadOnlyList<NamePart> parts)
    {
        if (_person.Length < 2 || parts.Count < 2 || parts.Count > _person.Length)
        {
            return NameFit.None;
        }

        var used = new bool[_person.Length];
        return Assign(parts, 0, used, initialsSeen: 0);
    }

    // Tries every way to give each written word its own owner component; initials go in order (given, patronymic).
    private NameFit Assign(IReadOnlyList<NamePart> parts, int index, bool[] used, int initialsSeen)
    {
        if (index == parts.Count)
        {
            if (!used[0] || !used[1])
            {
                return NameFit.None;
            }

            return initialsSeen > 0 ? NameFit.Initials : NameFit.Full;
        }

        var best = NameFit.None;
        var part = parts[index];
        for (var component = 0; component < _person.Length; component++)
        {
            if (used[component] || !PartFits(part, component, initialsSeen))
            {
                continue;
            }

            used[component] = true;
            var fit = Assign(parts, index + 1, used, initialsSeen + (part.IsInitial ? 1 : 0));
            used[component] = false;
            if (fit > best)
            {
                best = fit;
            }
        }

        return best;
    }

    private bool PartFits(NamePart part, int component, int initialsSeen)
    {
        var owner = _person[component];
        if (part.IsInitial)
        {
            return component >= 1 + initialsSeen && (part.InitialKey == owner.InitialKey || part.InitialKey == _belarusianInitials[component]);
        }

        return SameWord(part.Stem, owner.Stem);
    }

    // Equal, or the recipient wrote the dative of an envelope ("Иванову Ивану Ивановичу", "Ивановой Анне").
    private static bool SameWord(string written, string owner)
    {
        if (written == owner)
        {
            return true;
        }

        if (written == owner + "u" || written == owner + "iu")
        {
            return true;
        }

        return owner.Length > 2 && owner[^1] switch
        {
            'a' => written == owner[..^1] + "e" || written == owner[..^1] + "ai" || written == owner[..^1] + "i",

            // Наталья (key natale): the Belarusian dative Наталлі.
            'e' => written == owner[..^1] + "i",
            'i' => written == owner[..^1] + "amu" || written == owner + "u",
            _ => false,
        };
    }
}
