using System.Text.RegularExpressions;
using Npes.Addressing.Model;
using Npes.Addressing.Text;

namespace Npes.Addressing.Parsing;

/// <summary>What the parser made of a text: the structure and the parts it did not understand, or an error.</summary>
/// <param name="Address">The components found; null when <paramref name="Error"/> is set.</param>
/// <param name="Unrecognised">Pieces of the text that fit no component (e.g. a second house number).</param>
/// <param name="Error">Why the text is not an address at all; null on success.</param>
public sealed record AddressParseResult(PostalAddress? Address, IReadOnlyList<string> Unrecognised, string? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>Parts read and set aside because they never change the delivery point: "подъезд 2", "этаж 5".</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    /// <summary>
    /// Other readings of a compact house notation: "62-2-15" is house 62, корпус 2, flat 15 (<see cref="Address"/>), but
    /// may also be house 62/2, flat 15. The resolver refuses when more than one reading names a house it knows.
    /// </summary>
    public IReadOnlyList<PostalAddress> Alternatives { get; init; } = [];

    internal static AddressParseResult Failure(string error) => new(null, [], error);
}

/// <summary>
/// Parses free-text Belarusian postal addresses in Russian, Belarusian or Latin script: type words before or after
/// names, parts in any order, compact house forms ("65-12", "5 к2 кв7"), noise in case and punctuation. Never
/// throws: anything it cannot read is an error result or an unrecognised part.
/// </summary>
public sealed partial class AddressParser
{
    public const int MaxLength = 500;

    private readonly Gazetteer _towns;

    /// <summary>A parser that knows the big towns only.</summary>
    public AddressParser()
        : this([])
    {
    }

    /// <summary>A parser that also knows <paramref name="settlements"/> (e.g. every town of a mailbox directory).</summary>
    public AddressParser(IEnumerable<string> settlements)
    {
        _towns = new Gazetteer(Lexicon.MajorTowns.Concat(settlements ?? []));
    }

    /// <summary>Makes a settlement known (the directory's towns grow as mailboxes join); not safe alongside <see cref="Parse"/>.</summary>
    internal void AddTown(string settlement) => _towns.Add(settlement);

    public AddressParseResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return AddressParseResult.Failure("The address is empty.");
        }

        if (text.Length > MaxLength)
        {
            return AddressParseResult.Failure($"The address is longer than {MaxLength} characters.");
        }

        var run = new Run(Tokenizer.Split(text), _towns);
        return run.Execute();
    }

    /// <summary>The compact house grammar: house [letter] [/fraction] [-flat], or house [letter] [/fraction] -корпус -flat.</summary>
    [GeneratedRegex(@"^(?<house>\d{1,6})-?(?<letter>\p{L})?(?<fraction>/\d{1,4}\p{L}?)?(-(?<first>\d{1,5}))?(-(?<second>\d{1,5}))?$")]
    private static partial Regex HouseParts();

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex Postcode();

    [GeneratedRegex(@"^\d{1,5}\p{L}?$")]
    private static partial Regex UnitNumber();

    /// <summary>One parse: walks the tokens once, with type words claiming the names before or after them.</summary>
    private sealed class Run(List<Token> tokens, Gazetteer towns)
    {
        private readonly List<string> _pendingWords = [];
        private readonly List<(string Text, bool BeforeHouse)> _untypedNames = [];
        private readonly List<string> _unrecognised = [];
        private List<string>? _ignored;
        private PostalAddress _address = new();
        private (string House, string Building)? _compactBuilding;
        private bool _countryJustRead;
        private Marker? _open;
        private readonly List<string> _openWords = [];
        private Marker? _expectNumber;
        private bool _anchored;
        private bool _houseJustRead;

        public AddressParseResult Execute()
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i];
                var houseJustRead = _houseJustRead;
                var countryJustRead = _countryJustRead;
                _houseJustRead = false;
                _countryJustRead = false;
                switch (token.Kind)
                {
                    case TokenKind.Separator:
                        CloseAll();
                        break;
                    case TokenKind.Number:
                        i += ReadNumber(i);
                        break;
                    case TokenKind.Word when countryJustRead && MarkerKey(token.Text) is "af":
                        // "Republic of Belarus".
                        _countryJustRead = true;
                        break;
                    case TokenKind.Word:
                        i += ReadWord(i, houseJustRead);
                        break;
                }
            }

            CloseAll();
            AssignUntypedNames();
            if (!_anchored)
            {
                return AddressParseResult.Failure("No postcode, type word (г., ул., д., кв., …) or house number was found.");
            }

            return new AddressParseResult(_address, _unrecognised, null) { Ignored = _ignored ?? (IReadOnlyList<string>)[], Alternatives = AlternativeReadings() };
        }

        // "62-2-15" read as корпус 2 may also be house 62/2: that reading, when the корпус came from the compact form alone.
        private IReadOnlyList<PostalAddress> AlternativeReadings() =>
            _compactBuilding is { } compact && _address.House == compact.House && _address.Building == compact.Building
                ? [_address with { House = compact.House + "/" + compact.Building, Building = null }]
                : [];

        private void SetAside(string part) => (_ignored ??= []).Add(part);

        private Token At(int index) => index < tokens.Count ? tokens[index] : default;

        // Returns how many extra tokens the word consumed.
        private int ReadWord(int index, bool houseJustRead)
        {
            var text = tokens[index].Text;
            var next = At(index + 1);
            var key = MarkerKey(text);

            if (key is "g" && next.Kind == TokenKind.Word && MarkerKey(next.Text) is "p")
            {
                ApplyMarker(Lexicon.Markers["gp"], At(index + 2));
                return 1;
            }

            if (houseJustRead && text.Length == 1 && char.IsLetter(text[0]) && !(key is "k" && next.Kind == TokenKind.Number)
                && !(key is "d" or "v" && next.Kind == TokenKind.Word))
            {
                _address = _address with { House = _address.House + text.ToUpperInvariant() };
                return 0;
            }

            if (Lexicon.Markers.TryGetValue(key, out var marker) && marker.Kind == MarkerKind.Ignored)
            {
                // "подъезд 2", "эт. 5", "этаж 3-й": set aside with its number; without a number the word is an ordinary word.
                if (next.Kind == TokenKind.Number || (next.Kind == TokenKind.Word && Tokenizer.Ordinal().IsMatch(next.Text)))
                {
                    SetAside(text + " " + next.Text);
                    return 1;
                }
            }
            else if (char.IsAsciiDigit(text[0]) && next.Kind == TokenKind.Word && Tokenizer.Ordinal().IsMatch(text)
                && Lexicon.Markers.TryGetValue(MarkerKey(next.Text), out var following) && following.Kind == MarkerKind.Ignored)
            {
                // "2-й подъезд".
                SetAside(text + " " + next.Text);
                return 1;
            }
            else if (marker is not null && IsMarkerHere(key, marker, next))
            {
                ApplyMarker(ContextualMarker(key, marker, next), next);
                _countryJustRead = marker.Kind == MarkerKind.Country;
                return 0;
            }

            _expectNumber = null;
            if (_open is not null)
            {
                _openWords.Add(text);
            }
            else
            {
                _pendingWords.Add(text);
            }

            return 0;
        }

        private bool IsMarkerHere(string key, Marker marker, Token next)
        {
            if (!Lexicon.ContextualLetters.Contains(key))
            {
                // A type word right after another one that has no name yet is part of the name ("ул. Сельсовета").
                return !(_open is not null && _openWords.Count == 0 && marker.NamesSomething && next.Kind == TokenKind.Word);
            }

            // Single letters right after a type word are initials: "ул. К. Маркса", "пр-т В. Хоружей".
            if (_open is not null && _openWords.Count == 0)
            {
                return false;
            }

            return key switch
            {
                "k" => next.Kind == TokenKind.Number,
                "d" => next.Kind is TokenKind.Number or TokenKind.Word,

                // "Минск г.": the city's letter after its name.
                "g" => next.Kind == TokenKind.Word || (_open is null && _pendingWords.Count > 0 && next.Kind is TokenKind.Separator or TokenKind.End),
                _ => next.Kind == TokenKind.Word,
            };
        }

        private static Marker ContextualMarker(string key, Marker marker, Token next) =>
            key == "d" && next.Kind == TokenKind.Word ? new Marker(MarkerKind.Settlement, Settlement: SettlementType.Village) : marker;

        private void ApplyMarker(Marker marker, Token next)
        {
            _anchored = true;
            _expectNumber = null;
            switch (marker.Kind)
            {
                case MarkerKind.Country:
                    CloseOpen();
                    return;
                case MarkerKind.House or MarkerKind.Building or MarkerKind.Unit:
                    CloseAll(beforeHouse: marker.Kind == MarkerKind.House && _address.House is null);
                    _expectNumber = marker;
                    return;
            }

            var nameFollows = next.Kind == TokenKind.Word && !IsNameTypeWord(next.Text);
            CloseOpen();
            if (_pendingWords.Count > 0 && (marker.PrefersPrecedingName || !nameFollows))
            {
                var words = string.Join(' ', _pendingWords);
                _pendingWords.Clear();

                // "Minsk Nezavisimosti Avenue": a known town at the start of a street's name is the town.
                if (marker.Kind == MarkerKind.Street && _address.Settlement is null && _address.Street is null && towns.SplitKnownPrefix(words) is { } split)
                {
                    _address = _address with { Settlement = split.Town };
                    words = split.Remainder;
                }

                Assign(marker, words);
                return;
            }

            // "2-й пер. Тучинский": the ordinal before the type word belongs to the street's name.
            var ordinal = marker.Kind == MarkerKind.Street && _pendingWords.Count > 0 && Tokenizer.Ordinal().IsMatch(_pendingWords[^1])
                ? _pendingWords[^1]
                : null;
            if (ordinal is not null)
            {
                _pendingWords.RemoveAt(_pendingWords.Count - 1);
            }

            FlushPending(beforeHouse: false);
            _open = marker;
            if (ordinal is not null)
            {
                _openWords.Add(ordinal);
            }
        }

        private static bool IsNameTypeWord(string text) =>
            Lexicon.Markers.TryGetValue(MarkerKey(text), out var marker) && marker.NamesSomething && !Lexicon.ContextualLetters.Contains(MarkerKey(text));

        // Returns how many extra tokens the number consumed.
        private int ReadNumber(int index)
        {
            var text = tokens[index].Text;
            var next = At(index + 1);
            if (next.Kind == TokenKind.Word && Lexicon.Markers.TryGetValue(MarkerKey(next.Text), out var following) && following.Kind == MarkerKind.Ignored)
            {
                // "5 этаж", "2 подъезд".
                SetAside(text + " " + next.Text);
                return 1;
            }

            var expected = _expectNumber;
            _expectNumber = null;

            // "8 Марта ул., 3", "50 лет Победы пр-т, д. 7": a number, words, a street type word, and a house number after
            // them name the street. Without a house number after, the number is the house: "4 Nezavisimosti Ave.".
            if (expected is null && _open is null && _address.House is null && text.Length <= 3 && text.All(char.IsAsciiDigit)
                && NumberedStreetEnd(index) is { } end && HouseNumberAfter(end))
            {
                FlushPending(beforeHouse: false);
                _pendingWords.AddRange(tokens[index..end].Select(t => t.Text));
                return end - index - 1;
            }

            ReadNumber(text, next, expected);
            return 0;
        }

        // The index of the street type word that ends "8 Марта ул.", or null when the number does not start such a name.
        private int? NumberedStreetEnd(int index)
        {
            var end = index + 1;
            while (end < tokens.Count && tokens[end].Kind == TokenKind.Word && !Lexicon.Markers.ContainsKey(MarkerKey(tokens[end].Text)))
            {
                end++;
            }

            return end > index + 1 && end < tokens.Count && tokens[end].Kind == TokenKind.Word
                && Lexicon.Markers.TryGetValue(MarkerKey(tokens[end].Text), out var marker) && marker.Kind == MarkerKind.Street
                ? end
                : null;
        }

        // Whether a house number follows the token at end: a number that no unit, корпус or set-aside word claims.
        private bool HouseNumberAfter(int end)
        {
            for (var i = end + 1; i < tokens.Count; i++)
            {
                if (tokens[i].Kind != TokenKind.Number || Postcode().IsMatch(tokens[i].Text))
                {
                    continue;
                }

                var before = tokens[i - 1];
                var claimed = before.Kind == TokenKind.Word && Lexicon.Markers.TryGetValue(MarkerKey(before.Text), out var marker)
                    && marker.Kind is MarkerKind.Unit or MarkerKind.Building or MarkerKind.Ignored;
                if (!claimed)
                {
                    return true;
                }
            }

            return false;
        }

        private void ReadNumber(string text, Token next, Marker? expected)
        {
            // "ул. 8 Марта", "пр-т 40 лет Победы": a number right after a street type word, followed by words, is its name.
            if (expected is null && _open?.Kind == MarkerKind.Street && _openWords.Count == 0 && text.All(char.IsAsciiDigit)
                && next.Kind == TokenKind.Word && !Lexicon.Markers.ContainsKey(MarkerKey(next.Text)))
            {
                _openWords.Add(text);
                return;
            }

            switch (expected?.Kind)
            {
                case MarkerKind.House:
                    ReadHouse(text);
                    return;
                case MarkerKind.Building:
                    ReadBuilding(text);
                    return;
                case MarkerKind.Unit:
                    SetUnit(expected.Unit!.Value, text);
                    return;
            }

            if (Postcode().IsMatch(text) && _address.Postcode is null)
            {
                CloseAll();
                _address = _address with { Postcode = text };
                _anchored = true;
                return;
            }

            if (_address.House is null)
            {
                CloseAll(beforeHouse: true);
                ReadHouse(text);
                return;
            }

            _unrecognised.Add(text);
        }

        private void ReadHouse(string text)
        {
            var match = HouseParts().Match(text);
            if (!match.Success || _address.House is not null)
            {
                _unrecognised.Add(text);
                return;
            }

            var house = match.Groups["house"].Value.TrimStart('0');
            var letter = match.Groups["letter"].Value.ToUpperInvariant();
            var fraction = match.Groups["fraction"].Value.ToUpperInvariant();
            _address = _address with { House = (house.Length == 0 ? "0" : house) + letter + fraction };
            _anchored = true;
            _houseJustRead = letter.Length == 0 && fraction.Length == 0;
            if (match.Groups["second"].Success)
            {
                // "62-2-15": house 62, корпус 2, flat 15 (or house 62/2, flat 15: see AlternativeReadings).
                var building = match.Groups["first"].Value.TrimStart('0');
                if (_address.Building is not null || building.Length == 0)
                {
                    _unrecognised.Add(text);
                    return;
                }

                _address = _address with { Building = building };
                if (letter.Length == 0 && fraction.Length == 0)
                {
                    _compactBuilding = (_address.House, building);
                }

                SetUnit(UnitType.Apartment, match.Groups["second"].Value);
            }
            else if (match.Groups["first"].Success)
            {
                SetUnit(UnitType.Apartment, match.Groups["first"].Value);
            }
        }

        private void ReadBuilding(string text)
        {
            // "к2-7": building 2, apartment 7.
            var parts = text.Split('-');
            if (_address.Building is not null || parts.Length > 2 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiLetterOrDigit))
            {
                _unrecognised.Add(text);
                return;
            }

            _address = _address with { Building = parts[0].ToUpperInvariant() };
            if (parts.Length == 2)
            {
                SetUnit(UnitType.Apartment, parts[1]);
            }
        }

        // Units are numbers, maybe with a letter: "кв. 12", "пом. 1Н", "оф. 305а".
        private void SetUnit(UnitType type, string text)
        {
            var unit = text.TrimStart('0').ToUpperInvariant();
            if (_address.Unit is not null || !UnitNumber().IsMatch(unit))
            {
                _unrecognised.Add(text);
                return;
            }

            _address = _address with { UnitType = type, Unit = unit };
        }

        private void CloseAll(bool beforeHouse = false)
        {
            CloseOpen(beforeHouse);
            FlushPending(beforeHouse);
        }

        private void CloseOpen(bool beforeHouse = false)
        {
            if (_open is null)
            {
                return;
            }

            var marker = _open;
            _open = null;
            if (_openWords.Count == 0)
            {
                if (_pendingWords.Count > 0)
                {
                    Assign(marker, string.Join(' ', _pendingWords));
                    _pendingWords.Clear();
                }

                return;
            }

            var words = string.Join(' ', _openWords);
            _openWords.Clear();

            // "г. Минск Ленина 5": the town claimed the street too; a known town name at its start splits them.
            if (marker.Kind == MarkerKind.Settlement && beforeHouse && _address.Street is null
                && towns.SplitKnownPrefix(words) is { } split)
            {
                Assign(marker, split.Town);
                _address = _address with { Street = split.Remainder };
                return;
            }

            Assign(marker, words);
        }

        private void FlushPending(bool beforeHouse)
        {
            if (_pendingWords.Count == 0)
            {
                return;
            }

            _untypedNames.Add((string.Join(' ', _pendingWords), beforeHouse));
            _pendingWords.Clear();
        }

        private void Assign(Marker marker, string name)
        {
            var address = _address;
            _address = marker.Kind switch
            {
                MarkerKind.Region when address.Region is null => address with { Region = name },
                MarkerKind.District when address.District is null => address with { District = name },
                MarkerKind.Selsovet when address.Selsovet is null => address with { Selsovet = name },
                MarkerKind.Settlement when address.Settlement is null => address with { Settlement = name, SettlementType = marker.Settlement },
                MarkerKind.Street when address.Street is null => address with { Street = name, StreetType = marker.Street },
                _ => address,
            };
            if (ReferenceEquals(_address, address))
            {
                _unrecognised.Add(name);
            }
        }

        private void AssignUntypedNames()
        {
            // A name right before the house number is the street; another is the town ("Минск, Ленина 5").
            foreach (var (text, beforeHouse) in _untypedNames.OrderByDescending(n => n.BeforeHouse))
            {
                if (beforeHouse && _address.Street is null)
                {
                    if (_address.Settlement is null && towns.SplitKnownPrefix(text) is { } split)
                    {
                        _address = _address with { Settlement = split.Town, Street = split.Remainder };
                    }
                    else
                    {
                        _address = _address with { Street = text };
                    }
                }
                else if (_address.Settlement is null)
                {
                    _address = _address with { Settlement = text };
                    _anchored |= towns.IsKnown(text);
                }
                else if (_address.Street is null && _address.House is not null)
                {
                    _address = _address with { Street = text };
                }
                else
                {
                    _unrecognised.Add(text);
                }
            }
        }
    }

    private static readonly BoundedCache MarkerKeys = new(100_000);

    private static string MarkerKey(string text) =>
        MarkerKeys.GetOrAdd(text, word => Fold.Key(word).Replace(" ", string.Empty, StringComparison.Ordinal));
}

/// <summary>Town names by phonetic key, to split "Минск Ленина" into a town and a street.</summary>
internal sealed class Gazetteer
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public Gazetteer(IEnumerable<string> towns)
    {
        foreach (var town in towns)
        {
            Add(town);
        }
    }

    public void Add(string town)
    {
        var key = NameKeys.Settlement(town);
        if (key.Length > 0)
        {
            _keys.Add(key);
        }
    }

    public bool IsKnown(string name) => _keys.Contains(NameKeys.Settlement(name));

    /// <summary>The longest known town at the start of <paramref name="words"/>, and the rest, if any rest remains.</summary>
    public (string Town, string Remainder)? SplitKnownPrefix(string words)
    {
        var parts = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var take = parts.Length - 1; take >= 1; take--)
        {
            var town = string.Join(' ', parts[..take]);
            if (IsKnown(town))
            {
                return (town, string.Join(' ', parts[take..]));
            }
        }

        return null;
    }
}

/// <summary>Canonical comparison keys of address names: phonetic, with Belarusian↔Russian translations.</summary>
internal static class NameKeys
{
    private static readonly BoundedCache Names = new(200_000);

    public static string Settlement(string name) => Names.GetOrAdd(name, Join);

    public static string Street(string name) => Names.GetOrAdd(name, Join);

    /// <summary>"5А" and "5a" meet, "5/2" stays apart from "52": digits and '/' as they are, letters by their key.</summary>
    public static string House(string house) =>
        house.All(char.IsAsciiDigit) ? house : string.Concat(house.Select(c => char.IsLetter(c) ? Fold.WordKey(c.ToString()) : c.ToString()));

    private static string Join(string name) =>
        string.Join(' ', Fold.Words(name).Select(Lexicon.TranslatedKey).Where(k => k.Length > 0));
}
