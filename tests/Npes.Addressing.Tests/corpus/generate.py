#!/usr/bin/env python3
"""Writes the addressing corpus: directory.jsonl (mailboxes) and queries.jsonl (recipients with the expected mailbox).

The directory and most query wordings are written out below by hand; the helpers only spell the same address the
ways senders do (Belarusian, Latin, compact, reordered, noisy, with a typo). Every query line carries "expected"
(a mailbox id, or null when NPES must not deliver) and "kind" (what the query tests). Run it from this folder:

    python3 generate.py
"""
import json
import random

random.seed(5)

# town: (Russian, Belarusian, Latin national romanisation, Latin Russian-based, postcode of the town's mailboxes)
TOWNS = {
    "minsk": ("Минск", "Мінск", "Minsk", "Minsk"),
    "brest": ("Брест", "Брэст", "Brest", "Brest"),
    "gomel": ("Гомель", "Гомель", "Homieĺ", "Gomel"),
    "grodno": ("Гродно", "Гродна", "Hrodna", "Grodno"),
    "vitebsk": ("Витебск", "Віцебск", "Viciebsk", "Vitebsk"),
    "mogilev": ("Могилёв", "Магілёў", "Mahilioŭ", "Mogilev"),
    "borisov": ("Борисов", "Барысаў", "Barysaŭ", "Borisov"),
}

# street: (type ru, name ru, type by, name by, name in Latin national romanisation)
STREETS = {
    "nez": ("пр-т", "Независимости", "пр-т", "Незалежнасці", "Niezaliežnasci"),
    "pob": ("пр-т", "Победителей", "пр-т", "Пераможцаў", "Pieramožcaŭ"),
    "lenina": ("ул.", "Ленина", "вул.", "Леніна", "Lienina"),
    "sovet": ("ул.", "Советская", "вул.", "Савецкая", "Savieckaja"),
    "surg": ("ул.", "Сурганова", "вул.", "Сурганава", "Surhanava"),
    "kupaly": ("ул.", "Янки Купалы", "вул.", "Янкі Купалы", "Janki Kupaly"),
    "kalv": ("ул.", "Кальварийская", "вул.", "Кальварыйская", "Kaĺvaryjskaja"),
    "gogolya": ("ул.", "Гоголя", "вул.", "Гогаля", "Hohalia"),
    "kirova": ("ул.", "Кирова", "вул.", "Кірава", "Kirava"),
    "ozheshko": ("ул.", "Ожешко", "вул.", "Ажэшкі", "Ažeški"),
    "frunze": ("пр-т", "Фрунзе", "пр-т", "Фрунзе", "Frunze"),
    "mira": ("пр-т", "Мира", "пр-т", "Міру", "Miru"),
    "pervom": ("ул.", "Первомайская", "вул.", "Першамайская", "Pieršamajskaja"),
    "kosm": ("бул.", "Космонавтов", "бул.", "Касманаўтаў", "Kasmanaŭtaŭ"),
    "vysokaya": ("ул.", "Высокая", "вул.", "Высокая", "Vysokaja"),
    "tsentr": ("ул.", "Центральная", "вул.", "Цэнтральная", "Centraĺnaja"),
    "lenin_sk": ("ул.", "Ленинская", "вул.", "Ленінская", "Lieninskaja"),
    "pulikh": ("ул.", "Пулихова", "вул.", "Пуліхава", "Pulichava"),
    "zhukova": ("пр-т", "Жукова", "пр-т", "Жукава", "Žukava"),
    "maserova": ("пр-т", "Машерова", "пр-т", "Машэрава", "Mašerava"),
    "lesnaya": ("пер.", "Лесной", "зав.", "Лясны", "Liasny"),
}

# type word in Latin: (Belarusian national romanisation, Russian-based)
LATIN_TYPE = {"пр-т": ("prasp.", "pr-t"), "ул.": ("vul.", "ul."), "пер.": ("zav.", "per."), "бул.": ("bulv.", "bul.")}

mailboxes = []
queries = []


def mailbox(mid, kind, name, town, street, house, apt=None, korp=None, postcode=None, unp=None, unit="кв.", written=None):
    """Adds a mailbox; its address text is written the way owners register (several styles)."""
    ru_town = TOWNS[town][0]
    if written is None:
        st_type, st_name = STREETS[street][0], STREETS[street][1]
        parts = [postcode] if postcode else []
        parts += [f"г. {ru_town}", f"{st_type} {st_name}", f"д. {house}"]
        if korp:
            parts.append(f"корп. {korp}")
        if apt:
            parts.append(f"{unit} {apt}")
        written = ", ".join(parts)
    entry = {"mailbox": mid, "kind": kind, "name": name, "address": written}
    if unp:
        entry["unp"] = unp
    mailboxes.append(entry)
    return dict(id=mid, kind=kind, name=name, town=town, street=street, house=house, apt=apt, korp=korp,
                postcode=postcode, unp=unp, unit=unit)


# The classes recall is reported by (CorpusTests): the ones of the addressing issue, and "general" for the rest.
CLASSES = {"latin": "latin", "latin_ru": "latin", "belarusian": "belarusian"}


def q(kind, name, address, expected, cls=None, **extra):
    line = {"id": f"q{len(queries) + 1:03d}", "name": name, "address": address, "expected": expected, "kind": kind,
            "class": cls or CLASSES.get(kind, "general")}
    line.update(extra)
    queries.append(line)


def unp(first8):
    """A УНП with its check digit: weights 29, 23, 19, 17, 13, 7, 5, 3 on the first eight digits, modulo 11."""
    remainder = sum(int(d) * w for d, w in zip(first8, (29, 23, 19, 17, 13, 7, 5, 3))) % 11
    assert remainder < 10, f"{first8} has no check digit; pick another number"
    return first8 + str(remainder)


def typo(word):
    """One-letter typo: a replaced, doubled-away, or swapped letter, away from the first letter."""
    i = random.randrange(2, len(word) - 1)
    choice = random.choice(["swap", "drop", "replace"])
    if choice == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if choice == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + ("а" if word[i] != "а" else "о") + word[i + 1:]


def house_text(m, style):
    h = m["house"]
    k = m["korp"]
    a = m["apt"]
    if style == "full":
        s = f"д. {h}"
        if k:
            s += f", корп. {k}"
        if a:
            s += f", {m['unit']} {a}"
        return s
    if style == "compact":
        s = h + (f" к{k}" if k else "")
        return s + (f"-{a}" if a and not k else (f" кв{a}" if a else ""))
    if style == "by":
        s = f"д. {h}" + (f", корп. {k}" if k else "")
        return s + (f", кв. {a}" if a else "")
    if style == "lat":
        s = f"d. {h}" + (f", korp. {k}" if k else "")
        return s + (f", kv. {a}" if a else "")
    raise ValueError(style)


def positives(m, name_forms):
    """The same recipient written several ways; each must reach the mailbox."""
    town = TOWNS[m["town"]]
    st = STREETS[m["street"]]
    pc = m["postcode"]
    styles = [
        ("full_ru", f"{pc + ', ' if pc else ''}г. {town[0]}, {st[0]} {st[1]}, {house_text(m, 'full')}"),
        ("compact_no_postcode", f"{town[0]}, {st[1]} {house_text(m, 'compact')}"),
        ("reordered", f"{st[0]} {st[1]}, {house_text(m, 'compact')}, г. {town[0]}{', ' + pc if pc else ''}"),
        ("belarusian", f"{pc + ', ' if pc else ''}г. {town[1]}, {st[2]} {st[3]}, {house_text(m, 'by')}"),
        ("latin", f"{town[2]}, {LATIN_TYPE[st[0]][0]} {st[4]}, {house_text(m, 'lat')}"),
        ("noise_case", f"{town[0].upper()},,  {st[0].upper()}{'' if st[0].endswith('.') else ' '}{st[1].upper()}  {house_text(m, 'full').upper()}"),
        ("typo_street", f"г. {town[0]}, {st[0]} {typo(st[1].split()[-1]) if len(st[1].split()[-1]) > 5 else st[1]}, {house_text(m, 'full')}"),
    ]
    if pc:
        styles.append(("no_city", f"{pc}, {st[0]} {st[1]}, {house_text(m, 'full')}"))
    # A postcode alone names a town only when the postcode table gives its range to that town.
    expected_no_city = m["id"] if m["town"] != "borisov" else None
    if m["town"] != "minsk" or m["street"] in ("nez", "pob", "surg"):
        styles.append(("latin_ru", f"{town[3]}, {LATIN_TYPE[st[0]][1]} {st[4]} {house_text(m, 'compact').replace('кв', 'kv').replace('к', 'k')}"))
    for (kind, address), name in zip(styles, name_forms * 3):
        q(kind, name, address, expected_no_city if kind == "no_city" else m["id"])


# ---------------------------------------------------------------- Minsk, a block of flats on пр-т Независимости 4
ivanov = mailbox("mb-001", "person", "Иванов Иван Иванович", "minsk", "nez", "4", apt="12", postcode="220030")
petrova = mailbox("mb-002", "person", "Петрова Анна Сергеевна", "minsk", "nez", "4", apt="14", postcode="220030")
kovalenko = mailbox("mb-003", "person", "Коваленко Дмитрий Александрович", "minsk", "nez", "4", apt="101", postcode="220030")
positives(ivanov, ["Иванов Иван Иванович", "Иванов И.И.", "Иван Иванович Иванов", "Іваноў Іван Іванавіч", "Ivanou Ivan", "ИВАНОВ ИВАН", "Иванову Ивану Ивановичу"])
positives(petrova, ["Петрова Анна Сергеевна", "Петровой Анне Сергеевне", "Анна Петрова", "Пятрова Ганна Сяргееўна", "Petrova Anna", "ПЕТРОВА А.С.", "А. С. Петрова"])
positives(kovalenko, ["Коваленко Дмитрий Александрович", "Каваленка Дзмітрый Аляксандравіч", "Kavalenka Dzmitry", "Коваленко Д.А.", "Дмитрий Коваленко", "коваленко дмитрий александрович", "Kovalenko Dmitriy"])
q("neighbour_apartment", "Иванов Иван Иванович", "220030, г. Минск, пр-т Независимости, д. 4, кв. 13", None)
q("neighbour_apartment", "Петрова Анна Сергеевна", "Минск, Независимости 4-15", None)
q("no_apartment_block", "Иванов Иван Иванович", "220030, г. Минск, пр-т Независимости, д. 4", None)
q("no_apartment_block", "Коваленко Д.А.", "г. Минск, пр-т Независимости, 4", None)
q("wrong_name", "Сидоров Пётр Петрович", "220030, г. Минск, пр-т Независимости, д. 4, кв. 12", None)
q("wrong_given_name", "Иванов Сергей Иванович", "г. Минск, пр-т Независимости, д. 4, кв. 12", None)
q("wrong_street_type", "Иванов Иван Иванович", "г. Минск, ул. Независимости, д. 4, кв. 12", None)
q("house_letter", "Иванов Иван Иванович", "г. Минск, пр-т Независимости, д. 4А, кв. 12", None)
q("same_street_other_town", "Иванов Иван Иванович", "г. Брест, пр-т Независимости, д. 4, кв. 12", None)
q("no_city_no_postcode", "Иванов Иван Иванович", "пр-т Независимости, д. 4, кв. 12", None)
q("postcode_of_other_town", "Иванов Иван Иванович", "224005, г. Минск, пр-т Независимости, д. 4, кв. 12", None)
q("postcode_of_other_town", "Иванов И.И.", "246050, Минск, пр-т Независимости 4-12", None)
q("postcode_other_area_initials", "Иванов И.И.", "210000, г. Минск, пр-т Независимости, д. 4, кв. 12", None)
q("postcode_of_other_town", "Иванов Иван Иванович", "210000, г. Минск, пр-т Независимости, д. 4, кв. 12", None, cls="postcode")
q("postcode_unknown_same_area", "Петрова Анна Сергеевна", "220099, г. Минск, пр-т Независимости, д. 4, кв. 14", "mb-002")

# ---------------------------------------------------------------- Minsk, ул. Кальварийская 10-15: father and son
father = mailbox("mb-004", "person", "Сидоренко Игорь Викторович", "minsk", "kalv", "10", apt="15", postcode="220073")
son = mailbox("mb-005", "person", "Сидоренко Илья Викторович", "minsk", "kalv", "10", apt="15", postcode="220073")
q("same_initials", "Сидоренко И.В.", "220073, г. Минск, ул. Кальварийская, д. 10, кв. 15", None)
q("same_initials", "И. В. Сидоренко", "Минск, Кальварийская 10-15", None)
q("same_initials", "Sidarenka I.V.", "Minsk, vul. Kaĺvaryjskaja 10-15", None)
q("same_initials_surname_only", "Сидоренко", "Минск, Кальварийская 10-15", None)
for name, expected in [("Сидоренко Игорь Викторович", "mb-004"), ("Сидоренко Илья Викторович", "mb-005"),
                       ("Игорь Сидоренко", "mb-004"), ("Ilya Sidorenko", "mb-005"), ("Сідарэнка Ігар Віктаравіч", "mb-004"),
                       ("СИДОРЕНКО ИЛЬЯ", "mb-005"), ("Сидоренко Игорь В.", "mb-004"), ("Сидоренко Илье Викторовичу", "mb-005")]:
    q("same_apartment_full_name", name, random.choice(["220073, г. Минск, ул. Кальварийская, д. 10, кв. 15",
                                                        "Минск, ул. Кальварийская 10-15", "Мінск, вул. Кальварыйская, 10, кв. 15",
                                                        "ул. Кальварийская, 10 кв 15, Минск"]), expected)

# ---------------------------------------------------------------- Minsk, ул. Ленина 5, 5А, 5/2
lenina5 = mailbox("mb-006", "person", "Кузнецов Андрей Петрович", "minsk", "lenina", "5", apt="3", postcode="220030")
lenina5a = mailbox("mb-007", "person", "Кузнецова Ольга Николаевна", "minsk", "lenina", "5А", apt="3", postcode="220030")
lenina5_2 = mailbox("mb-008", "person", "Морозов Виктор Иванович", "minsk", "lenina", "5/2", apt="7", postcode="220030")
positives(lenina5, ["Кузнецов Андрей Петрович", "Кузнецов А.П.", "Kuznetsov Andrei", "Кузняцоў Андрэй Пятровіч", "Андрей Петрович Кузнецов"])
q("house_letter", "Кузнецова Ольга Николаевна", "220030, г. Минск, ул. Ленина, д. 5а, кв. 3", "mb-007")
q("house_letter", "Кузнецова О.Н.", "Минск, Ленина 5 А, кв. 3", "mb-007")
q("house_letter", "Kuznetsova Olga", "Minsk, vul. Lienina 5A-3", "mb-007")
q("house_letter", "Кузнецова Ольга Николаевна", "Минск, Ленина 5-а, кв 3", "mb-007")
q("house_letter_other", "Кузнецова Ольга Николаевна", "220030, г. Минск, ул. Ленина, д. 5, кв. 3", None)
q("house_letter_other", "Кузнецов Андрей Петрович", "220030, г. Минск, ул. Ленина, д. 5А, кв. 3", None)
q("house_letter_other", "Кузнецов Андрей Петрович", "Минск, Ленина 5Б-3", None)
q("house_fraction", "Морозов Виктор Иванович", "220030, г. Минск, ул. Ленина, д. 5/2, кв. 7", "mb-008")
q("house_fraction", "Морозов В.И.", "Минск, Ленина 5/2-7", "mb-008")
q("house_fraction_other", "Морозов Виктор Иванович", "Минск, Ленина 5-7", None)
q("house_fraction_other", "Морозов Виктор Иванович", "Минск, ул. Ленина, д. 52, кв. 7", None)

# ---------------------------------------------------------------- Minsk, ул. Сурганова 5 корп. 1 and корп. 2
k1 = mailbox("mb-009", "person", "Новик Сергей Михайлович", "minsk", "surg", "5", korp="1", apt="20", postcode="220012")
k2 = mailbox("mb-010", "person", "Новик Светлана Павловна", "minsk", "surg", "5", korp="2", apt="20", postcode="220012")
positives(k1, ["Новик Сергей Михайлович", "Новик С.М.", "Navik Siarhiej", "Сергей Новик", "Новік Сяргей Міхайлавіч"])
q("korpus", "Новик Светлана Павловна", "220012, г. Минск, ул. Сурганова, д. 5, корп. 2, кв. 20", "mb-010")
q("korpus", "Новик С.П.", "Минск, Сурганова 5к2 кв20", "mb-010")
q("korpus", "Новик Светлана", "г. Минск, ул. Сурганова, 5 к2, кв. 20", "mb-010")
q("korpus_other", "Новик Сергей Михайлович", "220012, г. Минск, ул. Сурганова, д. 5, корп. 2, кв. 20", None)
q("korpus_other", "Новик Светлана Павловна", "Минск, Сурганова 5 корп. 1 кв. 20", None)
q("korpus_missing", "Новик Сергей Михайлович", "220012, г. Минск, ул. Сурганова, д. 5, кв. 20", None)
q("korpus_missing", "Новик Светлана Павловна", "Минск, Сурганова 5-20", None)
q("korpus_other", "Новик Сергей Михайлович", "Минск, Сурганова 5 к3 кв20", None)

# ---------------------------------------------------------------- Minsk, ул. Янки Купалы (initials in street)
kup = mailbox("mb-011", "person", "Лукашевич Татьяна Владимировна", "minsk", "kupaly", "17", apt="42", postcode="220030")
positives(kup, ["Лукашевич Татьяна Владимировна", "Лукашэвіч Таццяна Уладзіміраўна", "Lukashevich Tatiana", "Лукашевич Т.В.", "Татьяна Лукашевич"])
q("street_initial", "Лукашевич Татьяна Владимировна", "220030, г. Минск, ул. Я. Купалы, д. 17, кв. 42", "mb-011")
q("street_initial", "Лукашевич Т.В.", "Минск, ул. Купалы 17-42", "mb-011")

# ---------------------------------------------------------------- Minsk organisations
ROMASHKA_UNP, ROMASHKA2_UNP, SIDORUK_UNP, GRODNODREV_UNP = unp("19000000"), unp("19000001"), unp("19123456"), unp("59012345")
bank = mailbox("mb-012", "organisation", "ОАО «Белагропромбанк»", "minsk", "zhukova", "3", postcode="220036", unp="100693551")
romashka = mailbox("mb-013", "organisation", "ООО \"Ромашка\"", "minsk", "surg", "57Б", apt="12", postcode="220012", unp=ROMASHKA_UNP, unit="оф.")
romashka2 = mailbox("mb-014", "organisation", "ООО «Ромашка-Сервис»", "minsk", "surg", "57Б", apt="14", postcode="220012", unp=ROMASHKA2_UNP, unit="оф.")
vodokanal = mailbox("mb-015", "organisation", "УП «Минскводоканал»", "minsk", "pulikh", "15", postcode="220088", unp="100582184")
ip = mailbox("mb-016", "organisation", "ИП Сидорук Павел Андреевич", "minsk", "surg", "57Б", apt="20", postcode="220012", unp=SIDORUK_UNP, unit="оф.")
for name in ["ОАО «Белагропромбанк»", "ОАО \"Белагропромбанк\"", "Белагропромбанк", "Открытое акционерное общество «Белагропромбанк»",
             "ОАО Белагропромбанк", "Belagroprombank OJSC", "ААТ «Белаграпромбанк»", "белагропромбанк оао"]:
    q("organisation_name", name, random.choice(["220036, г. Минск, пр-т Жукова, д. 3", "Минск, пр. Жукова 3", "г. Мінск, пр-т Жукава, 3",
                                                "Minsk, praspiekt Žukava, 3", "пр-т Жукова, 3, Минск, 220036"]), "mb-012")
q("organisation_unp", "Белагропромбанк (отделение)", "г. Минск, пр-т Жукова, д. 3", "mb-012", unp="100693551")
q("organisation_unp_name_other", "Беларусбанк (отделение)", "г. Минск, пр-т Жукова, д. 3", None, unp="100693551", cls="unp_name")
q("organisation_unp_wrong", "ОАО «Белагропромбанк»", "г. Минск, пр-т Жукова, д. 3", None, unp="100693552")
q("organisation_name_wrong", "ОАО «Беларусбанк»", "г. Минск, пр-т Жукова, д. 3", None)
q("organisation_legal_form_wrong", "ЗАО «Белагропромбанк»", "г. Минск, пр-т Жукова, д. 3", None)
for name, addr in [("ООО \"Ромашка\"", "220012, г. Минск, ул. Сурганова, д. 57Б, оф. 12"), ("ООО «Ромашка»", "Минск, Сурганова 57б, офис 12"),
                   ("Ромашка ООО", "г. Минск, ул. Сурганова 57Б-12"), ("ТАА «Рамашка»", "г. Мінск, вул. Сурганава, 57Б, оф. 12"),
                   ("OOO Romashka", "Minsk, vul. Surhanava 57B, of. 12"), ("Общество с ограниченной ответственностью «Ромашка»", "ул. Сурганова, 57Б, пом. 12, Минск")]:
    q("organisation_name", name, addr, "mb-013")
q("organisation_similar_name", "ООО «Ромашка»", "220012, г. Минск, ул. Сурганова, д. 57Б, оф. 14", None)
q("organisation_similar_name", "ООО «Ромашка-Сервис»", "220012, г. Минск, ул. Сурганова, д. 57Б, оф. 14", "mb-014")
q("organisation_similar_name", "Ромашка Сервис", "Минск, Сурганова 57Б, оф. 14", "mb-014")
q("organisation_unp_no_office", "ООО «Ромашка»", "г. Минск, ул. Сурганова, д. 57Б", "mb-013", unp=ROMASHKA_UNP)
q("organisation_unp_in_name", f"ООО «Ромашка-Сервис», УНП {ROMASHKA2_UNP}", "г. Минск, ул. Сурганова, д. 57Б", "mb-014")
q("organisation_no_office", "ООО «Ромашка»", "г. Минск, ул. Сурганова, д. 57Б", None)
q("organisation_unp_other_office", "ООО «Ромашка»", "г. Минск, ул. Сурганова, д. 57Б, оф. 14", None, unp=ROMASHKA_UNP)
q("organisation_unp_name_other", "ООО «Лютик»", "г. Минск, ул. Сурганова, д. 57Б, оф. 12", None, unp=ROMASHKA_UNP, cls="unp_name")
for name, addr, expected in [("УП «Минскводоканал»", "220088, г. Минск, ул. Пулихова, д. 15", "mb-015"),
                             ("Минскводоканал", "Минск, Пулихова 15", "mb-015"),
                             ("унитарное предприятие \"Минскводоканал\"", "г. Минск, ул. Пулихова, 15", "mb-015"),
                             ("УП Мінскводаканал", "г. Мінск, вул. Пуліхава, 15", "mb-015"),
                             ("UP Minskvodokanal", "Minsk, ul. Pulikhova 15", "mb-015"),
                             ("УП «Минскводоканал»", "г. Минск, ул. Пулихова, д. 15, пом. 2", None),
                             ("УП «Минскводоканал»", "г. Минск, ул. Пулихова, д. 16", None)]:
    q("organisation_name", name, addr, expected)
for name, expected in [("ИП Сидорук Павел Андреевич", "mb-016"), ("Сидорук Павел Андреевич", "mb-016"), ("ИП Сидорук П.А.", "mb-016"),
                       ("Индивидуальный предприниматель Сидорук П. А.", "mb-016"), ("ИП Сидорук Пётр Андреевич", None)]:
    q("entrepreneur", name, "г. Минск, ул. Сурганова, д. 57Б, оф. 20", expected)

# ---------------------------------------------------------------- Same street names in several towns
brest_sov = mailbox("mb-017", "person", "Ковальчук Наталья Петровна", "brest", "sovet", "12", apt="5", postcode="224005")
gomel_sov = mailbox("mb-018", "person", "Ковальчук Николай Петрович", "gomel", "sovet", "12", apt="5", postcode="246050")
grodno_sov = mailbox("mb-019", "person", "Шевчук Елена Ивановна", "grodno", "sovet", "12", apt="5", postcode="230025")
mogilev_pervom = mailbox("mb-020", "person", "Жук Алексей Николаевич", "mogilev", "pervom", "30", apt="8", postcode="212030")
brest_lenina = mailbox("mb-021", "person", "Зайцев Максим Олегович", "brest", "lenina", "5", apt="3", postcode="224030")
vitebsk_lenina = mailbox("mb-022", "person", "Зайцева Мария Олеговна", "vitebsk", "lenina", "5", apt="3", postcode="210015")
positives(brest_sov, ["Ковальчук Наталья Петровна", "Кавальчук Наталля Пятроўна", "Kovalchuk Natalya", "Ковальчук Н.П.", "Наталья Ковальчук"])
positives(gomel_sov, ["Ковальчук Николай Петрович", "Кавальчук Мікалай Пятровіч", "Kavaĺčuk Mikalaj", "Ковальчук Н. П.", "Николай Петрович Ковальчук"])
positives(grodno_sov, ["Шевчук Елена Ивановна", "Шаўчук Алена", "Shevchuk Elena", "Шевчук Е.И.", "ШЕВЧУК ЕЛЕНА ИВАНОВНА"])
positives(mogilev_pervom, ["Жук Алексей Николаевич", "Жук Аляксей Мікалаевіч", "Zhuk Aleksei", "Жук А.Н.", "Алексей Жук"])
positives(brest_lenina, ["Зайцев Максим Олегович", "Зайцаў Максім Алегавіч", "Zaitsev Maksim", "Зайцев М.О.", "Максим Зайцев"])
positives(vitebsk_lenina, ["Зайцева Мария Олеговна", "Зайцава Марыя Алегаўна", "Zaitseva Maria", "Зайцева М.О.", "Мария Зайцева"])
q("same_street_other_town", "Ковальчук Наталья Петровна", "246050, г. Гомель, ул. Советская, д. 12, кв. 5", None)
q("same_street_other_town", "Ковальчук Николай Петрович", "г. Брест, ул. Советская, 12-5", None)
q("same_street_other_town", "Ковальчук Н.П.", "г. Гродно, ул. Советская, 12, кв. 5", None)
q("same_street_other_town", "Шевчук Елена Ивановна", "г. Могилёв, ул. Советская, 12, кв. 5", None)
q("same_street_other_town", "Зайцев Максим Олегович", "г. Витебск, ул. Ленина, д. 5, кв. 3", None)
q("same_street_other_town", "Зайцева Мария Олеговна", "г. Брест, ул. Ленина, д. 5, кв. 3", None)
q("same_street_other_town", "Кузнецов Андрей Петрович", "г. Брест, ул. Ленина, д. 5, кв. 3", None)
q("same_street_other_town", "Зайцев Максим Олегович", "г. Минск, ул. Ленина, д. 5, кв. 3", None)
q("same_street_no_town", "Ковальчук Н.П.", "ул. Советская, д. 12, кв. 5", None)
q("postcode_of_other_town", "Ковальчук Наталья Петровна", "246050, г. Брест, ул. Советская, д. 12, кв. 5", None)
q("postcode_of_other_town", "Ковальчук Николай Петрович", "224005, г. Гомель, ул. Советская, д. 12, кв. 5", None)
q("postcode_only_town", "Ковальчук Николай Петрович", "246050, ул. Советская, д. 12, кв. 5", "mb-018")
q("postcode_only_town", "Ковальчук Наталья Петровна", "246050, ул. Советская, д. 12, кв. 5", None)

# ---------------------------------------------------------------- More towns, more people (varied registrations)
more = [
    ("mb-023", "Лисовская Ирина Васильевна", "brest", "gogolya", "1", "44", None, "224030"),
    ("mb-024", "Мельник Василий Степанович", "brest", "gogolya", "1", "45", None, "224030"),
    ("mb-025", "Радюк Юлия Андреевна", "brest", "kosm", "15", "2", None, "224016"),
    ("mb-026", "Климович Олег Геннадьевич", "gomel", "kirova", "33", "71", None, "246003"),
    ("mb-027", "Гончарова Людмила Ивановна", "gomel", "kirova", "33", "72", None, "246003"),
    ("mb-028", "Ярошевич Константин Юрьевич", "grodno", "ozheshko", "22", "9", None, "230023"),
    ("mb-029", "Мацкевич Екатерина Дмитриевна", "grodno", "kupaly", "41", "13", None, "230005"),
    ("mb-030", "Богданович Артём Сергеевич", "vitebsk", "frunze", "81", "1", "2", "210026"),
    ("mb-031", "Савицкая Галина Михайловна", "vitebsk", "frunze", "81", "1", "1", "210026"),
    ("mb-032", "Тарасевич Роман Иванович", "mogilev", "mira", "20", "5", None, "212030"),
    ("mb-033", "Пашкевич Вера Александровна", "mogilev", "mira", "20", "6", None, "212030"),
    ("mb-034", "Стельмах Денис Валентинович", "borisov", "lenin_sk", "46", "18", None, "222120"),
    ("mb-035", "Антонович Валентина Петровна", "borisov", "lenin_sk", "46", "19", None, "222120"),
    ("mb-036", "Прокопович Евгений Викторович", "minsk", "pob", "7", "88", None, "220004"),
    ("mb-037", "Прокопович Евгения Викторовна", "minsk", "pob", "7", "89", None, "220004"),
    ("mb-038", "Дубовик Михаил Сергеевич", "minsk", "maserova", "11", "150", None, "220004"),
    ("mb-039", "Василевская Дарья Игоревна", "minsk", "kalv", "21", "3", "3", "220073"),
    ("mb-040", "Карпович Владимир Николаевич", "minsk", "lesnaya", "3", None, None, "220114"),
]
for mid, name, town, street, house, apt, korp, pc in more:
    m = mailbox(mid, "person", name, town, street, house, apt=apt, korp=korp, postcode=pc)
    surname, given, patronymic = name.split()
    positives(m, [name, f"{surname} {given[0]}.{patronymic[0]}.", f"{given} {surname}", f"{surname.upper()} {given.upper()} {patronymic.upper()}",
                  f"{given[0]}. {patronymic[0]}. {surname}"])
    if apt:
        q("neighbour_apartment", name, f"г. {TOWNS[town][0]}, {STREETS[street][0]} {STREETS[street][1]}, д. {house}{', корп. ' + korp if korp else ''}, кв. {int(apt) + 10}", None)
        q("no_apartment_block", name, f"г. {TOWNS[town][0]}, {STREETS[street][0]} {STREETS[street][1]}, д. {house}{', корп. ' + korp if korp else ''}", None)
    q("wrong_name", "Петров Пётр Петрович", f"г. {TOWNS[town][0]}, {STREETS[street][0]} {STREETS[street][1]}, {house_text(m, 'full')}", None)

# A private house has no apartment; a query that invents one is not delivered.
q("private_house_with_apartment", "Карпович Владимир Николаевич", "г. Минск, пер. Лесной, д. 3, кв. 1", None)
q("private_house", "Карпович В.Н.", "220114, Минск, пер. Лесной 3", "mb-040")
q("wrong_street_type", "Карпович Владимир Николаевич", "г. Минск, ул. Лесная, д. 3", None)

# ---------------------------------------------------------------- Villages: two Новосёлки, an agrotown
nov1 = mailbox("mb-041", "person", "Гайдук Степан Иванович", "minsk", "tsentr", "5", written="223051, Минская обл., Минский р-н, д. Новоселки, ул. Центральная, д. 5")
nov2 = mailbox("mb-042", "person", "Гайдук Анна Ивановна", "minsk", "tsentr", "5", written="223141, Минская обл., Логойский р-н, д. Новосёлки, ул. Центральная, д. 5")
zhd = mailbox("mb-043", "person", "Бондарь Виталий Олегович", "minsk", "vysokaya", "12", written="223028, Минская обл., Минский р-н, аг. Ждановичи, ул. Высокая, 12")
zhd2 = mailbox("mb-044", "person", "Бондарь Вероника Олеговна", "minsk", "vysokaya", "12А", written="223028, Минский р-н, аг. Ждановичи, ул. Высокая, 12А")
for name, addr, expected in [
    ("Гайдук Степан Иванович", "223051, Минская обл., Минский р-н, д. Новоселки, ул. Центральная, д. 5", "mb-041"),
    ("Гайдук Степан Иванович", "Минский р-н, д. Новосёлки, ул. Центральная, 5", "mb-041"),
    ("Гайдук С.И.", "д. Новоселки, Минский район, ул. Центральная 5", "mb-041"),
    ("Гайдук Анна Ивановна", "Логойский р-н, д. Новоселки, ул. Центральная, 5", "mb-042"),
    ("Гайдук Ганна Іванаўна", "Лагойскі раён, в. Навасёлкі, вул. Цэнтральная, 5", "mb-042"),
    ("Гайдук Степан Иванович", "д. Новоселки, ул. Центральная, 5", None),
    ("Гайдук Анна Ивановна", "Минский р-н, д. Новоселки, ул. Центральная, 5", None),
    ("Гайдук С.И.", "Логойский р-н, д. Новоселки, ул. Центральная, 5", None),
    ("Бондарь Виталий Олегович", "223028, Минский р-н, аг. Ждановичи, ул. Высокая, д. 12", "mb-043"),
    ("Бондарь В.О.", "аг. Ждановичи, ул. Высокая 12", "mb-043"),
    ("Бондарь Виталий", "Ждановичи, Высокая 12", "mb-043"),
    ("Бондар Віталь Алегавіч", "аг. Ждановічы, вул. Высокая, 12", "mb-043"),
    ("Bondar Vitali", "ag. Zhdanovichi, ul. Vysokaya 12", "mb-043"),
    ("Бондарь Вероника Олеговна", "аг. Ждановичи, ул. Высокая, д. 12а", "mb-044"),
    ("Бондарь Вероника Олеговна", "аг. Ждановичи, ул. Высокая, д. 12", None),
    ("Бондарь Виталий Олегович", "аг. Ждановичи, ул. Высокая, д. 12Б", None),
    ("Бондарь Виталий Олегович", "223028, ул. Высокая, д. 12", None),
    ("Бондарь Виталий Олегович", "Минск, ул. Высокая, д. 12", None),
]:
    q("village", name, addr, expected)

# ---------------------------------------------------------------- A big block: many residents, one entrance of queries each
blocks = [("minsk", "pob", "101", "220020"), ("gomel", "sovet", "120", "246001"), ("grodno", "ozheshko", "40", "230023"),
          ("brest", "kosm", "60", "224016"), ("vitebsk", "frunze", "17", "210009"), ("mogilev", "pervom", "5", "212030")]
surnames = ["Ковалёв", "Сорокин", "Лебедев", "Новиков", "Мартинович", "Жукович", "Рудь", "Ткачук", "Пинчук", "Левчук",
            "Борисевич", "Якимович", "Юхновец", "Статкевич", "Козлов", "Романович", "Федорович", "Кравченко", "Шубин", "Бельский"]
givens = [("Александр", "Аляксандр", "Aliaksandr"), ("Сергей", "Сяргей", "Siarhiej"), ("Дмитрий", "Дзмітрый", "Dzmitry"),
          ("Андрей", "Андрэй", "Andrej"), ("Павел", "Павел", "Pavel"), ("Николай", "Мікалай", "Mikalaj"), ("Михаил", "Міхаіл", "Michail"),
          ("Владимир", "Уладзімір", "Uladzimir"), ("Евгений", "Яўген", "Jaŭhien"), ("Константин", "Канстанцін", "Kanstancin")]
patronymics = ["Иванович", "Петрович", "Сергеевич", "Александрович", "Николаевич"]
counter = 45
for town, street, house, pc in blocks:
    for flat in range(1, 11):
        surname = surnames[(counter * 7) % len(surnames)]
        ru_given, by_given, lat_given = givens[(counter * 3) % len(givens)]
        patronymic = patronymics[counter % len(patronymics)]
        name = f"{surname} {ru_given} {patronymic}"
        mid = f"mb-{counter:03d}"
        m = mailbox(mid, "person", name, town, street, house, apt=str(flat * 3), postcode=pc)
        counter += 1
        t = TOWNS[town]
        st = STREETS[street]
        forms = [
            (name, f"{pc}, г. {t[0]}, {st[0]} {st[1]}, д. {house}, кв. {flat * 3}", mid),
            (f"{ru_given} {surname}", f"{t[0]}, {st[1]} {house}-{flat * 3}", mid),
            (f"{surname} {by_given}", f"г. {t[1]}, {st[2]} {st[3]}, {house}, кв. {flat * 3}", mid),
            (f"{surname} {lat_given}", f"{t[2]}, {LATIN_TYPE[st[0]][0]} {st[4]} {house}-{flat * 3}", mid),
            (name, f"г. {t[0]}, {st[0]} {st[1]}, д. {house}, кв. {flat * 3 + 1}", None),
        ]
        for name_text, address, expected in forms[: 5 if flat % 2 else 3]:
            q("block_" + ("resident" if expected else "neighbour"), name_text, address, expected)

# ---------------------------------------------------------------- Streets with numbers, tracts, microdistricts, envelope habits
mailbox("mb-105", "person", "Левченко Оксана Викторовна", "gomel", "sovet", "7", written="246050, Гомельская обл., г. Гомель, ул. 50 лет Победы, д. 7, кв. 21")
mailbox("mb-106", "person", "Рыбак Геннадий Павлович", "brest", "sovet", "3", written="г. Брест, ул. 8 Марта, 3")
mailbox("mb-107", "person", "Синица Марина Олеговна", "minsk", "sovet", "19", written="220114, г. Минск, Логойский тракт, д. 19, корп. 2, кв. 140")
mailbox("mb-108", "person", "Котович Юрий Степанович", "minsk", "sovet", "2", written="г. Минск, 2-й пер. Тучинский, д. 2")
mailbox("mb-109", "organisation", "ОДО «Гроднодрев»", "grodno", "sovet", "1", written="230005, г. Гродно, ул. Горького, 91, пом. 3", unp=GRODNODREV_UNP)
mailbox("mb-110", "person", "Мороз Алина Сергеевна", "grodno", "sovet", "14", written="г. Гродно, мкр. Девятовка, д. 14, кв. 88")
for name, addr, expected in [
    ("Левченко Оксана Викторовна", "246050, г. Гомель, ул. 50 лет Победы, д. 7, кв. 21", "mb-105"),
    ("Левченко О.В.", "Гомель, ул. 50 лет Победы 7-21", "mb-105"),
    ("Ляўчэнка Аксана", "г. Гомель, вул. 50 год Перамогі, 7, кв. 21", "mb-105"),
    ("Левченко Оксана Викторовна", "Гомельская область, город Гомель, улица 50 лет Победы, дом 7, квартира 21", "mb-105"),
    ("Левченко Оксана Викторовна", "Гомель, ул. 50 лет Победы, д. 7, кв. 12", None),
    ("Рыбак Геннадий Павлович", "г. Брест, ул. 8 Марта, д. 3", "mb-106"),
    ("Рыбак Генадзь Паўлавіч", "г. Брэст, вул. 8 Сакавіка, 3", "mb-106"),
    ("Рыбак Г.П.", "Брест, 8 Марта ул., 3", "mb-106"),
    ("Рыбак Геннадий Павлович", "г. Минск, ул. 8 Марта, д. 3", None),
    ("Синица Марина Олеговна", "220114, г. Минск, Логойский тракт, д. 19, корп. 2, кв. 140", "mb-107"),
    ("Синица М.О.", "Минск, тракт Логойский, 19 к2 кв140", "mb-107"),
    ("Синица Марина", "г. Минск, Логойский тр-т, 19/2-140", None),
    ("Синица Марина Олеговна", "г. Минск, Логойский тракт, д. 19, кв. 140", None),
    ("Котович Юрий Степанович", "г. Минск, 2-й переулок Тучинский, д. 2", "mb-108"),
    ("Котович Юрий Степанович", "г. Минск, 1-й пер. Тучинский, д. 2", None),
    ("Кацовіч Юры Сцяпанавіч", "г. Мінск, 2-і зав. Тучынскі, 2", None),
    ("ОДО «Гроднодрев»", "230005, г. Гродно, ул. Горького, д. 91, пом. 3", "mb-109"),
    ("Гроднодрев", "Гродно, Горького 91, помещение 3", "mb-109"),
    ("Общество с дополнительной ответственностью \"Гроднодрев\"", "г. Гродно, ул. Горького, 91-3", "mb-109"),
    ("Гроднодрев", "г. Гродно, ул. Горького, 91", "mb-109"),
    (f"ОДО Гроднодрев, УНП {GRODNODREV_UNP}", "г. Гродно, ул. Горького, 91", "mb-109"),
    ("ООО «Гроднодрев»", "г. Гродно, ул. Горького, 91, пом. 3", None),
    ("Мороз Алина Сергеевна", "г. Гродно, мкр. Девятовка, д. 14, кв. 88", "mb-110"),
    ("Мароз Аліна Сяргееўна", "г. Гродна, мкр. Дзевятоўка, 14-88", "mb-110"),
    ("Мороз А.С.", "Гродно, микрорайон Девятовка, 14, кв. 88", "mb-110"),
    ("Мороз Алина Сергеевна", "г. Гродно, мкр. Девятовка, д. 14", None),
    ("Кому: гр. Мороз Алине Сергеевне", "г. Гродно, мкр. Девятовка, 14-88", "mb-110"),
    ("Иванову Ивану Ивановичу", "Республика Беларусь, 220030, г. Минск, пр-т Независимости, д. 4, кв. 12", "mb-001"),
    ("Иванов Иван Иванович", "Минская обл., г. Минск, пр-т Независимости, 4-12", "mb-001"),
    ("Иванов Иван Иванович", "г. Минск, Независимости проспект, дом 4, квартира 12", "mb-001"),
    ("Иванов Иван Иванович", "Беларусь, Минск, пр. Независимости 4 кв.12", "mb-001"),
    ("Иванов Иван Иванович", "Минск, пр-т Независимости, 4, 12", None),
    ("Иванов Иван Иванович", "Минск, пр-т Независимости, 4, кв. 12, подъезд 1", "mb-001"),
    ("Иванов Иван Иванович", "Гродненская обл., г. Минск, пр-т Независимости, 4-12", None),
    ("Иван Иванов", "Minsk city, Nezavisimosti ave. 4-12", "mb-001"),
]:
    q("extra", name, addr, expected)


# ================================================================ The classes of the addressing issue
# Written from the resolution rules (src/Npes.Addressing/README.md): a postcode contradicting the town, УНП and name
# agreement, rural postcodes, Latin and Belarusian writing, compact house numbers, organisations addressed without
# their office, and variants (abbreviations, organisation name forms, extra words, word order). Each class has
# letters that must arrive and letters that must go on paper.


def reg(mid, kind, name, written, unp_=None):
    """Adds a mailbox registered with exactly this address text."""
    entry = {"mailbox": mid, "kind": kind, "name": name, "address": written}
    if unp_:
        entry["unp"] = unp_
    mailboxes.append(entry)


def unp_letters(first8):
    """An individual entrepreneur's УНП: two letters (first A=10 … M=22; second by its place in ABCEHKMOPT), then digits."""
    values = [ord(first8[0]) - ord("A") + 10, "ABCEHKMOPT".index(first8[1])] + [int(d) for d in first8[2:]]
    remainder = sum(v * w for v, w in zip(values, (29, 23, 19, 17, 13, 7, 5, 3))) % 11
    assert remainder < 10, f"{first8} has no check digit; pick another number"
    return first8 + str(remainder)


def wrong_check_digit(number):
    return number[:8] + str((int(number[8]) + 1) % 10)


ALFA, BETA, SIGMA, VECTOR, DOMOSTROI, KHLEB, BRESTVOD = (unp("19265431"), unp("19271155"), unp("19300221"), unp("19311876"),
                                                         unp("19322010"), unp("40015672"), unp("20004481"))
KOZLOVA = unp_letters("HB123456")
KOZLOVA_CYRILLIC = "НВ" + KOZLOVA[2:]

reg("mb-111", "person", "Петрова Ольга Николаевна", "220030, г. Минск, ул. Немига, д. 3, кв. 7")
reg("mb-112", "person", "Иванова Анна Петровна", "220004, г. Минск, ул. Октябрьская, д. 19, кв. 5")
reg("mb-113", "person", "Мельник Ольга Викторовна", "220035, г. Минск, пр-т Победителей, д. 62, корп. 2, кв. 15")
reg("mb-114", "person", "Лис Андрей Николаевич", "220089, г. Минск, ул. Гурского, д. 168, корп. 1, кв. 77")
reg("mb-115", "person", "Гурин Павел Сергеевич", "220125, г. Минск, ул. Уручская, д. 9, корп. 3, кв. 44")
reg("mb-116", "person", "Сокол Ирина Петровна", "220112, г. Минск, ул. Ложинская, д. 65, корп. 1, кв. 2")
reg("mb-117", "person", "Сокол Игорь Петрович", "220112, г. Минск, ул. Ложинская, д. 65/1, кв. 2")
reg("mb-118", "organisation", "ООО «Альфа-Трейд»", "220073, г. Минск, ул. Кальварийская, д. 17, оф. 301", ALFA)
reg("mb-119", "organisation", "ЗАО «Бета-Софт»", "220073, г. Минск, ул. Кальварийская, д. 17, оф. 305", BETA)
reg("mb-120", "organisation", "ИП Козлова Анна Викторовна", "220073, г. Минск, ул. Кальварийская, д. 17, оф. 310", KOZLOVA)
reg("mb-121", "organisation", "ООО «Сигма-Лайн»", "220040, г. Минск, ул. Некрасова, д. 114, пом. 5", SIGMA)
reg("mb-122", "organisation", "ОДО «Вектор-М»", "220036, г. Минск, ул. Платонова, д. 1Б, оф. 12", VECTOR)
reg("mb-122", "organisation", "ОДО «Вектор-М»", "220036, г. Минск, ул. Платонова, д. 1Б, оф. 14", VECTOR)
reg("mb-123", "organisation", "ЧУП «Домострой»", "220113, г. Минск, ул. Шаранговича, д. 7, пом. 1", DOMOSTROI)
reg("mb-124", "person", "Зуев Пётр Ильич", "220113, г. Минск, ул. Шаранговича, д. 7, кв. 12")
reg("mb-125", "organisation", "ОАО «Гомельский хлебозавод»", "246007, г. Гомель, ул. Советская, д. 210, пом. 2", KHLEB)
reg("mb-126", "organisation", "УП «Брестводоканал»", "224016, г. Брест, бул. Космонавтов, д. 80, оф. 4", BRESTVOD)
reg("mb-127", "person", "Петров Олег Иванович", "223035, Минская обл., Минский р-н, д. Горани, ул. Лесная, д. 3")
reg("mb-128", "person", "Сидоров Олег Иванович", "223035, Минская обл., Минский р-н, д. Околица, ул. Лесная, д. 3")
reg("mb-129", "person", "Кравец Ольга Павловна", "223035, Минский р-н, д. Горани, ул. Садовая, д. 10")
reg("mb-130", "person", "Демидович Иван Иванович", "222615, Минская обл., Несвижский р-н, аг. Снов, ул. Мирошниченко, д. 1, кв. 2")
reg("mb-131", "person", "Кулик Сергей Петрович", "225001, Брестская обл., Брестский р-н, д. Большие Косичи, ул. Центральная, д. 8")

cases = {
    # ------------------------------------------------ a postcode that contradicts the named town: paper
    "postcode": [
        ("Иванов Иван Иванович", "230025, г. Минск, пр-т Независимости, д. 4, кв. 12", None),
        ("Иванов Иван Иванович", "230005, Minsk, prasp. Niezalezhnastsi 4-12", None),
        ("Ivanov Ivan", "246050, Minsk, Nezavisimosti ave. 4-12", None),
        ("Іваноў Іван", "224005, г. Мінск, пр-т Незалежнасці, 4-12", None),
        ("Иванов Иван Иванович", "212030, Minsk, pr. Niezaliežnasci, d. 4, kv. 12", None),
        ("Иванов Иван Иванович", "223051, г. Минск, пр-т Независимости, 4-12", None),
        ("Иванов Иван Иванович", "123456, г. Минск, пр-т Независимости, д. 4, кв. 12", None),
        ("Иванов Иван Иванович", "Брестская обл., 220030, г. Минск, пр-т Независимости, 4-12", None),
        ("Иванов Иван Иванович", "220099, г. Минск, пр-т Независимости, 4-12", "mb-001"),
        ("Ivanou Ivan", "220141, Minsk, prasp. Niezalezhnastsi 4-12", "mb-001"),
        ("Шевчук Елена Ивановна", "220030, г. Гродно, ул. Советская, 12-5", None),
        ("Шевчук Елена Ивановна", "231300, г. Гродно, ул. Советская, 12-5", None),
        ("Shevchuk Elena", "Hrodna, 246001, vul. Savieckaja 12-5", None),
        ("Шевчук Елена Ивановна", "230003, г. Гродно, ул. Советская, 12-5", "mb-019"),
        ("Шевчук Елена Ивановна", "Гродненская обл., г. Гродно, 230025, ул. Советская, д. 12, кв. 5", "mb-019"),
        ("Ковальчук Николай Петрович", "246001, г. Гомель, ул. Советская, д. 12, кв. 5", "mb-018"),
        ("Ковальчук Николай Петрович", "247010, г. Гомель, ул. Советская, 12-5", "mb-018"),
        ("Ковальчук Николай Петрович", "230025, Гомель, ул. Советская, 12-5", None),
        ("Kavalchuk Mikalai", "Homiel, 210015, vul. Savieckaja 12-5", None),
        ("Ковальчук Наталья Петровна", "224030, г. Брест, ул. Советская, 12-5", "mb-017"),
        ("Ковальчук Наталья Петровна", "225001, г. Брест, ул. Советская, 12-5", None),
        ("Зайцева Мария Олеговна", "210026, г. Витебск, ул. Ленина, 5-3", "mb-022"),
        ("Зайцева Мария Олеговна", "211391, г. Витебск, ул. Ленина, 5-3", None),
        ("Жук Алексей Николаевич", "212011, г. Могилёв, ул. Первомайская, 30-8", "mb-020"),
        ("Жук Алексей Николаевич", "213800, г. Могилёв, ул. Первомайская, 30-8", None),
        ("Zhuk Aleksei", "230023, Mahilioŭ, vul. Pieršamajskaja 30-8", None),
        ("Стельмах Денис Валентинович", "222121, г. Борисов, ул. Ленинская, 46-18", "mb-034"),
        ("Стельмах Денис Валентинович", "223051, г. Борисов, ул. Ленинская, 46-18", None),
        ("Стельмах Денис Валентинович", "230025, г. Борисов, ул. Ленинская, 46-18", None),
        ("Кравец Ольга Павловна", "224005, Минский р-н, д. Горани, ул. Садовая, 10", None),
        ("Кравец Ольга Павловна", "220030, д. Горани, ул. Садовая, 10", None),
        ("Петрова Ольга Николаевна", "230001, Minsk, vul. Niamiha 3-7", None),
    ],
    # ------------------------------------------------ УНП and name: both must belong to the mailbox
    "unp_name": [
        ("ООО «Альфа-Трейд»", "г. Минск, ул. Кальварийская, д. 17, оф. 301", "mb-118", ALFA),
        ("ООО «Альфа-Трейд»", "г. Минск, ул. Кальварийская, д. 17", "mb-118", ALFA),
        ("ООО «Альфа-Трейд»", "г. Минск, ул. Кальварийская, д. 17, оф. 301", None, BETA),
        ("ООО «Альфа-Трейд»", "г. Минск, ул. Кальварийская, д. 17", None, BETA),
        ("ЗАО «Бета-Софт»", "Минск, Кальварийская 17", "mb-119", BETA),
        (f"ЗАО «Бета-Софт», УНП {BETA}", "Минск, Кальварийская 17", "mb-119", None),
        (f"ЗАО «Бета-Софт», УНП {ALFA}", "Минск, Кальварийская 17", None, None),
        ("ЗАО «Бета-Софт»", "Минск, Кальварийская 17, оф. 305", None, ALFA),
        ("ООО «Альфа-Трейд»", "г. Минск, ул. Кальварийская, 17, оф. 301", None, wrong_check_digit(ALFA)),
        ("ООО «Альфа-Трейд»", "г. Минск, ул. Кальварийская, 17, оф. 301", None, "100693551"),
        ("ИП Козлова А.В.", "г. Минск, ул. Кальварийская, 17", "mb-120", KOZLOVA),
        ("Козлова Анна Викторовна", "г. Минск, ул. Кальварийская, 17, оф. 310", "mb-120", KOZLOVA),
        ("ИП Козлова Анна Викторовна", "г. Минск, ул. Кальварийская, 17", "mb-120", KOZLOVA_CYRILLIC),
        ("ИП Козлова Анна Викторовна", "г. Минск, ул. Кальварийская, 17", None, ALFA),
        ("Альфа Трейд", "г. Минск, ул. Кальварийская, 17", "mb-118", ALFA),
        ("Alfa-Treid LLC", "Minsk, Kalvariyskaya str. 17", "mb-118", ALFA),
        ("ООО «Альфа-Трейд» (бухгалтерия)", "г. Минск, ул. Кальварийская, 17", "mb-118", ALFA),
        ("Бухгалтерия", "г. Минск, ул. Кальварийская, 17", None, ALFA),
        ("ООО «Бета-Софт»", "г. Минск, ул. Кальварийская, 17", None, BETA),
        ("Ромашка", "г. Минск, ул. Сурганова, 57Б", None, ROMASHKA2_UNP),
        ("ООО «Ромашка-Сервис»", "г. Минск, ул. Сурганова, 57Б", "mb-014", ROMASHKA2_UNP),
        ("ООО «Ромашка»", "г. Минск, ул. Сурганова, 57Б, оф. 12", "mb-013", f"УНП {ROMASHKA_UNP}"),
        ("ОАО «Белагропромбанк»", "г. Минск, пр-т Жукова, 3", "mb-012", "100 693 551"),
        ("ОАО «Белагропромбанк»", "г. Минск, пр-т Жукова, 3", None, "100693552"),
        ("ОАО «Белагропромбанк»", "г. Минск, пр-т Жукова, 3", None, "10069355"),
        ("ОАО «Белагропромбанк»", "г. Минск, пр-т Жукова, 3", None, ALFA),
        ("ООО «Сигма-Лайн»", "г. Минск, ул. Некрасова, 114", "mb-121", SIGMA),
        ("ООО «Сигма-Лайн»", "г. Минск, ул. Некрасова, 114", None, VECTOR),
        ("ОАО «Гомельский хлебозавод»", "г. Гомель, ул. Советская, 210, пом. 2", "mb-125", KHLEB),
        ("ОАО «Гомельский хлебозавод»", "г. Гомель, ул. Советская, 210, пом. 2", None, BRESTVOD),
        ("УП «Брестводоканал»", "г. Брест, бул. Космонавтов, 80", "mb-126", BRESTVOD),
        ("Иванов Иван Иванович", "г. Минск, пр-т Независимости, д. 4, кв. 12", None, ALFA),
        ("ЧУП «Домострой»", "г. Минск, ул. Шаранговича, 7", "mb-123", DOMOSTROI),
        ("ЧУП «Домострой»", "г. Минск, ул. Шаранговича, 7, кв. 12", None, DOMOSTROI),
        ("ООО «Альфа-Трейд»", "г. Минск, ул. Кальварийская, д. 17, оф. 301", "mb-118", None),
        ("ЗАО «Бета-Софт»", "г. Минск, ул. Кальварийская, д. 17, оф. 301", None, None),
    ],
    # ------------------------------------------------ rural postcodes name no village
    "rural_postcode": [
        ("Кравец Ольга Павловна", "223035, ул. Садовая, д. 10", None),
        ("Кравец Ольга Павловна", "223035, Минский р-н, ул. Садовая, д. 10", None),
        ("Кравец Ольга Павловна", "223035, Минская обл., ул. Садовая 10", None),
        ("Kravets Olga", "Minsk district, 223035, vul. Sadovaja 10", None),
        ("Кравец Ольга Павловна", "223035, д. Горани, ул. Садовая, д. 10", "mb-129"),
        ("Кравец О.П.", "Горани, Садовая 10", "mb-129"),
        ("Кравец Ольга Павловна", "д. Горани, Минский р-н, ул. Садовая 10", "mb-129"),
        ("Kravets Volha", "223035, v. Horani, vul. Sadovaja 10", "mb-129"),
        ("Петров Олег Иванович", "223035, ул. Лесная, д. 3", None),
        ("Сидоров Олег Иванович", "223035, Минский р-н, ул. Лесная, 3", None),
        ("Петров Олег Иванович", "223035, д. Горани, ул. Лесная, 3", "mb-127"),
        ("Сидоров Олег Иванович", "223035, д. Околица, ул. Лесная, 3", "mb-128"),
        ("Петров Олег Иванович", "223035, д. Околица, ул. Лесная, 3", None),
        ("Сидоров Олег Иванович", "д. Горани, ул. Лесная, 3", None),
        ("Петров Олег Иванович", "223036, д. Горани, ул. Лесная, 3", None),
        ("Петров О.И.", "Минская обл., Минский р-н, д. Горани, ул. Лесная, д. 3", "mb-127"),
        ("Демидович Иван Иванович", "222615, ул. Мирошниченко, д. 1, кв. 2", None),
        ("Демидович Иван Иванович", "222615, Несвижский р-н, ул. Мирошниченко, 1-2", None),
        ("Демидович Иван Иванович", "222615, аг. Снов, ул. Мирошниченко, 1-2", "mb-130"),
        ("Демидович И.И.", "аг. Снов, Несвижский р-н, ул. Мирошниченко, д. 1, кв. 2", "mb-130"),
        ("Demidovich Ivan", "222615, ag. Snov, ul. Miroshnichenko 1-2", "mb-130"),
        ("Кулик Сергей Петрович", "225001, ул. Центральная, д. 8", None),
        ("Кулик Сергей Петрович", "225001, д. Большие Косичи, ул. Центральная, 8", "mb-131"),
        ("Кулик Сергей Петрович", "Брестский р-н, д. Большие Косичи, ул. Центральная 8", "mb-131"),
        ("Кулік Сяргей", "Брэсцкі р-н, в. Вялікія Косічы, вул. Цэнтральная, 8", "mb-131"),
        ("Бондарь Виталий Олегович", "223028, аг. Ждановичи, ул. Высокая, 12", "mb-043"),
        ("Бондарь Виталий Олегович", "223028, Минский р-н, ул. Высокая, 12", None),
    ],
    # ------------------------------------------------ Latin script: national romanisation, passports, BGN/PCGN, Russian-based
    "latin": [
        ("IVANOU IVAN", "Minsk, pr. Niezalezhnastsi, 4-12", "mb-001"),
        ("IVANOU IVAN IVANAVICH", "220030, Minsk, Niezalezhnastsi ave. 4, apt. 12", "mb-001"),
        ("Ivanov Ivan", "Nezavisimosti Ave. 4-12, Minsk, Belarus", "mb-001"),
        ("Ivanov I.I.", "Minsk, prospekt Nezavisimosti, d. 4, kv. 12", "mb-001"),
        ("IVANOV IVAN IVANOVICH", "4 Nezavisimosti Ave., apt. 12, Minsk 220030, Republic of Belarus", "mb-001"),
        ("Ivanou Ivan", "Minsk, Nyezalyezhnastsi Ave 4-12", "mb-001"),
        ("Ivanou Ivan", "Minsk, Nezavisimosti ave. 4-13", None),
        ("IVANOVA HANNA", "Minsk, vul. Kastrychnitskaya 19-5", "mb-112"),
        ("Ivanova Anna", "Minsk, Oktyabrskaya str., 19, apt. 5", "mb-112"),
        ("IVANOVA HANNA PIATROUNA", "Minsk, vul. Kastryčnickaja, d. 19, kv. 5", "mb-112"),
        ("PIATROVA VOLHA", "Minsk, vul. Niamiha 3-7", "mb-111"),
        ("Petrova Olga", "Minsk, Nemiga str. 3, apt. 7", "mb-111"),
        ("Piatrova Volha Mikalaeuna", "220030 Minsk, vul. Niamiha, 3, kv. 7", "mb-111"),
        ("Petrova O.N.", "Minsk, ul. Nemiga 3-7", "mb-111"),
        ("PIATROVA VOLHA", "Minsk, vul. Niamiha 3-8", None),
        ("NAVIK SIARHEI", "Minsk, vul. Surhanava 5 k1-20", "mb-009"),
        ("Novik Svetlana", "Minsk, Surganova str. 5, bldg 2, apt. 20", "mb-010"),
        ("LUKASHEVICH TATSIANA", "Minsk, vul. Janki Kupaly 17-42", "mb-011"),
        ("Lukashevich Tatiana", "Minsk, Yanki Kupaly str. 17, apt. 42", "mb-011"),
        ("PRAKAPOVICH YAUHENI", "Minsk, prasp. Pieramožcaŭ 7-88", "mb-036"),
        ("Prokopovich Evgeny", "Minsk, Pobediteley ave. 7-88", "mb-036"),
        ("KAVALCHUK MIKALAI", "Homiel, vul. Savieckaja 12-5", "mb-018"),
        ("Kovalchuk Nikolay", "Gomel, Sovetskaya str. 12, apt. 5", "mb-018"),
        ("Kavalchuk Mikalai", "Homyel', vul. Savyetskaya 12-5", "mb-018"),
        ("YAROSHEVICH KANSTANTSIN", "Hrodna, vul. Ozheshko 22-9", "mb-028"),
        ("Yaroshevich Konstantin", "Grodno, Ozheshko str. 22, apt. 9", "mb-028"),
        ("ZAITSAU MAKSIM", "Brest, vul. Lienina 5-3", "mb-021"),
        ("Zaitsev Maksim", "Brest, Lenina str. 5, apt. 3", "mb-021"),
        ("BAHDANOVICH ARTSIOM", "Viciebsk, prasp. Frunze 81 k2 kv1", "mb-030"),
        ("Bahdanovich Artsiom", "Vitsyebsk, Frunze ave. 81, bldg 2, apt. 1", "mb-030"),
        ("TARASEVICH RAMAN", "Mahilioŭ, prasp. Miru 20-5", "mb-032"),
        ("Tarasevich Roman", "Mogilev, Mira ave. 20, apt. 5", "mb-032"),
        ("Tarasevich Raman", "Mahilyow, Miru ave. 20-5", "mb-032"),
        ("STELMAKH DZIANIS", "Barysaŭ, vul. Lieninskaja 46-18", "mb-034"),
        ("Stelmakh Denis", "Borisov, Leninskaya str. 46, apt. 18", "mb-034"),
        ("Kuznetsova Olga", "Minsk, Lenina str. 5A-3", "mb-007"),
        ("Belagroprombank OJSC", "Minsk, Zhukova ave. 3", "mb-012"),
        ("OJSC Belagroprombank", "220036, Minsk, praspiekt Žukava, 3", "mb-012"),
        ("UE Minskvodokanal", "Minsk, ul. Pulikhova 15", "mb-015"),
        ("Sigma-Lain LLC", "Minsk, Nekrasova str. 114", "mb-121"),
        ("MATSKEVICH KATSIARYNA", "Hrodna, vul. Janki Kupaly 41-13", "mb-029"),
        ("Matskevich Ekaterina", "Grodno, Yanki Kupaly str. 41, apt. 13", "mb-029"),
        ("ZHUK ALIAKSEI", "Mahilioŭ, vul. Pieršamajskaja 30-8", "mb-020"),
        ("Zhuk Alexei", "Mogilev, Pervomayskaya str. 30, apt. 8", "mb-020"),
        ("Zhuk Aliaksei", "Mogilev, Pervomayskaya str. 30, apt. 9", None),
        ("KARPOVICH ULADZIMIR", "Minsk, zav. Liasny 3", "mb-040"),
        ("Karpovich Vladimir", "Minsk, Lesnoy lane 3", "mb-040"),
        ("HAIDUK STSIAPAN", "Minsk district, v. Navasiolki, vul. Centralnaja 5", "mb-041"),
        ("Haiduk Hanna", "Lahoisk district, v. Navasiolki, vul. Centralnaja 5", "mb-042"),
        ("Haiduk Hanna", "v. Navasiolki, vul. Centralnaja 5", None),
        ("SINITSA MARYNA", "Minsk, Lahoiski trakt 19 k2-140", "mb-107"),
        ("Sinitsa Marina", "Minsk, Logoisky tract 19, bldg 2, apt. 140", "mb-107"),
        ("Kotovich Yuri", "Minsk, 2nd Tuchinsky lane 2", "mb-108"),
        ("Ivanov Ivan", "Hrodna, Nezavisimosti ave. 4-12", None),
    ],
    # ------------------------------------------------ Belarusian
    "belarusian": [
        ("Іваноў Іван", "г. Мінск, пр. Незалежнасці, 4, кв. 12", "mb-001"),
        ("Іваноў І. І.", "Мінск, праспект Незалежнасці 4-12", "mb-001"),
        ("Іваноў Іван Іванавіч", "220030, горад Мінск, праспект Незалежнасці, дом 4, кватэра 12", "mb-001"),
        ("Пятрова Вольга Мікалаеўна", "220030, г. Мінск, вул. Няміга, д. 3, кв. 7", "mb-111"),
        ("Пятрова Вольга", "Мінск, Няміга 3-7", "mb-111"),
        ("Пятрова Вольга", "г. Мінск, вул. Няміга, 3-8", None),
        ("Іванова Ганна Пятроўна", "г. Мінск, вул. Кастрычніцкая, 19-5", "mb-112"),
        ("Іванова Ганна", "Мінск, Кастрычніцкая вул., 19, кв. 5", "mb-112"),
        ("Іванова Ганна", "г. Мінск, вул. Кастрычніцкая, 19-6", None),
        ("Мельнік Вольга Віктараўна", "Мінск, пр. Пераможцаў, 62, корп. 2, кв. 15", "mb-113"),
        ("Лукашэвіч Таццяна", "г. Мінск, вул. Янкі Купалы, 17-42", "mb-011"),
        ("Навік Сяргей Міхайлавіч", "г. Мінск, вул. Сурганава, 5, корп. 1, кв. 20", "mb-009"),
        ("Сідарэнка Ілья Віктаравіч", "Мінск, вул. Кальварыйская, 10-15", "mb-005"),
        ("Каваленка Дзмітрый", "г. Мінск, пр-т Незалежнасці, 4, кв. 101", "mb-003"),
        ("ТАА «Рамашка»", "г. Мінск, вул. Сурганава, 57Б, оф. 12", "mb-013"),
        ("ААТ «Белаграпрамбанк»", "г. Мінск, пр. Жукава, 3", "mb-012"),
        ("ЗАТ «Бэта-Софт»", "г. Мінск, вул. Кальварыйская, 17, оф. 305", "mb-119"),
        ("ТАА «Альфа-Трэйд»", "г. Мінск, вул. Кальварыйская, 17, оф. 301", "mb-118"),
        ("ТАА «Альфа-Трэйд»", "г. Мінск, вул. Кальварыйская, 17, оф. 305", None),
        ("ПУП «Дамастрой»", "г. Мінск, вул. Шаранговіча, 7, пам. 1", "mb-123"),
        ("УП «Мінскводаканал»", "г. Мінск, вул. Пуліхава, 15", "mb-015"),
        ("Кавальчук Мікалай", "г. Гомель, вул. Савецкая, 12-5", "mb-018"),
        ("Кавальчук Наталля Пятроўна", "г. Брэст, вул. Савецкая, 12, кв. 5", "mb-017"),
        ("Кавальчук Наталля", "г. Гомель, вул. Савецкая, 12, кв. 5", None),
        ("Мацкевіч Кацярына", "г. Гродна, вул. Янкі Купалы, 41, кв. 13", "mb-029"),
        ("Зайцаў Максім Алегавіч", "г. Брэст, вул. Леніна, 5-3", "mb-021"),
        ("Зайцава Марыя", "г. Віцебск, вул. Леніна, д. 5, кв. 3", "mb-022"),
        ("Жук Аляксей", "г. Магілёў, вул. Першамайская, 30-8", "mb-020"),
        ("Стэльмах Дзяніс Валянцінавіч", "г. Барысаў, вул. Ленінская, 46-18", "mb-034"),
        ("Антановіч Валянціна", "Барысаў, Ленінская 46-19", "mb-035"),
        ("Бондар Віталь", "Мінскі р-н, аг. Ждановічы, вул. Высокая, 12", "mb-043"),
        ("Кравец Вольга Паўлаўна", "Мінскі раён, в. Горані, вул. Садовая, 10", "mb-129"),
        ("Тарасевіч Раман Іванавіч", "Магілёў, пр-т Міру, 20-5", "mb-032"),
        ("Пашкевіч Вера", "г. Магілёў, праспект Міру, 20, кв. 6", "mb-033"),
        ("Ярашэвіч Канстанцін Юр'евіч", "г. Гродна, вул. Ожешко, 22-9", "mb-028"),
        ("Прокапавіч Яўген", "г. Мінск, пр-т Пераможцаў, 7-88", "mb-036"),
        ("Прокапавіч Яўгенія", "г. Мінск, пр-т Пераможцаў, 7-89", "mb-037"),
        ("Карповіч Уладзімір", "г. Мінск, зав. Лясны, 3", "mb-040"),
        ("Гайдук Сцяпан", "Мінскі р-н, в. Навасёлкі, вул. Цэнтральная, 5", "mb-041"),
        ("Кузняцова Вольга Мікалаеўна", "Мінск, вул. Леніна, 5А, кв. 3", "mb-007"),
        ("Марозаў Віктар", "г. Мінск, вул. Леніна, 5/2-7", "mb-008"),
        ("Іваноў Іван", "г. Гродна, пр. Незалежнасці, 4-12", None),
        ("Іваноў Іван", "Рэспубліка Беларусь, г. Мінск, пр-т Незалежнасці, 4, кв. 12, пад'езд 1, паверх 2", "mb-001"),
    ],
    # ------------------------------------------------ compact house numbers; an ambiguous one goes to paper
    "compact_house": [
        ("Мельник Ольга Викторовна", "Минск, пр. Победителей 62-2-15", "mb-113"),
        ("Мельник О.В.", "г. Минск, пр-т Победителей, 62к2-15", "mb-113"),
        ("Мельник Ольга", "Минск, Победителей 62 к2 кв 15", "mb-113"),
        ("Мельник Ольга Викторовна", "Минск, пр-т Победителей, 62 корп.2 кв.15", "mb-113"),
        ("Мельник Ольга Викторовна", "Минск, пр-т Победителей, д.62 к.2 кв.15", "mb-113"),
        ("Мельник Ольга Викторовна", "Минск, пр-т Победителей, 62/2-15", None),
        ("Мельник Ольга Викторовна", "Минск, пр-т Победителей, 62-15", None),
        ("Мельник Ольга Викторовна", "Минск, пр-т Победителей, 62, кв. 15", None),
        ("Мельник Ольга Викторовна", "Минск, пр-т Победителей, 62-2-16", None),
        ("Лис Андрей Николаевич", "Минск, ул. Гурского, 168 к1-77", "mb-114"),
        ("Лис А.Н.", "Минск, Гурского 168-1-77", "mb-114"),
        ("Лис Андрей", "Минск, Гурского 168к1кв77", "mb-114"),
        ("Лис Андрей Николаевич", "г. Минск, ул. Гурского, д. 168, корп. 1, кв. 77", "mb-114"),
        ("Лис Андрей Николаевич", "Минск, ул. Гурского, 168 к 1 кв 77", "mb-114"),
        ("Лис Андрей Николаевич", "Минск, ул. Гурского, 168 к2-77", None),
        ("Лис Андрей Николаевич", "Минск, ул. Гурского, 168 к1, 77", None),
        ("Гурин Павел Сергеевич", "Минск, Уручская 9 к3 кв 44", "mb-115"),
        ("Гурин Павел Сергеевич", "Минск, ул. Уручская, 9-3-44", "mb-115"),
        ("Гурин П.С.", "г. Минск, ул. Уручская, 9 корп 3 кв 44", "mb-115"),
        ("Гурин Павел Сергеевич", "Минск, ул. Уручская, 9/3-44", None),
        ("Гурин Павел Сергеевич", "Минск, ул. Уручская, 9 к3-45", None),
        ("Сокол Ирина Петровна", "Минск, ул. Ложинская, 65-1-2", None),
        ("Сокол Игорь Петрович", "Минск, ул. Ложинская, 65-1-2", None),
        ("Сокол Ирина Петровна", "Минск, ул. Ложинская, 65 к1 кв2", "mb-116"),
        ("Сокол Ирина Петровна", "г. Минск, ул. Ложинская, д. 65, корп. 1, кв. 2", "mb-116"),
        ("Сокол Игорь Петрович", "Минск, ул. Ложинская, 65/1-2", "mb-117"),
        ("Сокол Игорь Петрович", "Минск, ул. Ложинская, д. 65/1, кв. 2", "mb-117"),
        ("Сокол Игорь Петрович", "Минск, ул. Ложинская, 65 корп. 1, кв. 2", None),
        ("Богданович Артём Сергеевич", "г. Витебск, пр-т Фрунзе, 81-2-1", "mb-030"),
        ("Савицкая Галина Михайловна", "Витебск, Фрунзе 81-1-1", "mb-031"),
        ("Богданович Артём Сергеевич", "Витебск, Фрунзе 81-1-1", None),
        ("Василевская Дарья Игоревна", "Минск, Кальварийская 21-3-3", "mb-039"),
        ("Василевская Дарья", "Минск, Кальварийская 21 к3 кв3", "mb-039"),
        ("Синица Марина Олеговна", "Минск, Логойский тракт, 19-2-140", "mb-107"),
        ("Синица Марина Олеговна", "Минск, Логойский тракт, 19к2кв140", "mb-107"),
        ("Кузнецова Ольга Николаевна", "Минск, Ленина 5А-3", "mb-007"),
        ("Кузнецова Ольга Николаевна", "Минск, Ленина 5-а-3", "mb-007"),
        ("Кузнецова Ольга Николаевна", "Минск, ул. Ленина, 5а кв3", "mb-007"),
        ("Морозов Виктор Иванович", "Минск, Ленина, 5/2 кв. 7", "mb-008"),
        ("Бондарь Вероника Олеговна", "аг. Ждановичи, ул. Высокая, 12 А", "mb-044"),
        ("Новик Сергей Михайлович", "Минск, Сурганова 5-1-20", "mb-009"),
        ("Новик Светлана Павловна", "Минск, Сурганова 5-2-20", "mb-010"),
    ],
    # ------------------------------------------------ an organisation addressed without its office or premises
    "organisation_without_office": [
        ("ООО «Сигма-Лайн»", "г. Минск, ул. Некрасова, 114", "mb-121"),
        ("Сигма-Лайн", "Минск, Некрасова 114", "mb-121"),
        ("ООО Сигма Лайн", "220040, г. Минск, ул. Некрасова, д. 114", "mb-121"),
        ("ТАА «Сігма-Лайн»", "г. Мінск, вул. Някрасава, 114", "mb-121"),
        ("ООО «Сигма»", "Минск, Некрасова 114", None),
        ("ООО «Сигма-Лайн»", "Минск, Некрасова 114, оф. 6", None),
        ("Иванов Иван Иванович", "Минск, Некрасова 114", None),
        ("ОДО «Вектор-М»", "г. Минск, ул. Платонова, 1Б", "mb-122"),
        ("Вектор-М", "Минск, Платонова 1б", "mb-122"),
        ("ОДО «Вектор-М»", "Минск, Платонова 1Б, оф. 14", "mb-122"),
        ("ООО «Вектор-М»", "Минск, Платонова 1Б", None),
        ("ЧУП «Домострой»", "г. Минск, ул. Шаранговича, 7", None),
        ("ЧУП «Домострой»", "г. Минск, ул. Шаранговича, 7, пом. 1", "mb-123"),
        ("Гроднодрев", "Гродно, Горького 91", "mb-109"),
        ("ОДО «Гроднодрев»", "230005, г. Гродно, ул. Горького, д. 91", "mb-109"),
        ("ТДА «Гроднадрэў»", "г. Гродна, вул. Горкага, 91", "mb-109"),
        ("ООО «Гроднодрев»", "г. Гродно, ул. Горького, 91", None),
        ("ОАО «Гомельский хлебозавод»", "г. Гомель, ул. Советская, 210", "mb-125"),
        ("Гомельский хлебозавод", "Гомель, Советская 210", "mb-125"),
        ("ААТ «Гомельскі хлебазавод»", "г. Гомель, вул. Савецкая, 210", "mb-125"),
        ("УП «Брестводоканал»", "г. Брест, бул. Космонавтов, 80", "mb-126"),
        ("Брестводоканал", "Брест, б-р Космонавтов 80", "mb-126"),
        ("УП «Брэстводаканал»", "г. Брэст, бул. Касманаўтаў, 80", "mb-126"),
        ("ООО «Ромашка»", "Минск, Сурганова 57Б", None),
        ("Мороз Алина Сергеевна", "г. Гродно, мкр. Девятовка, д. 14", None),
    ],
    # ------------------------------------------------ abbreviations, organisation name forms, extra words, word order
    "variants": [
        ("Иванов Иван Иванович", "Республика Беларусь, г. Минск, пр-т Независимости, д. 4, кв. 12", "mb-001"),
        ("Иванов Иван Иванович", "РБ, 220030, г. Минск, пр-т Независимости, 4-12", "mb-001"),
        ("Иванов Иван Иванович", "Беларусь, Минск, пр. Независимости, 4, кв. 12, подъезд 2, этаж 3", "mb-001"),
        ("Иванов Иван Иванович", "Минск, пр-т Независимости, 4, кв. 12, под. 1, эт. 2", "mb-001"),
        ("Иванов Иван Иванович", "пр-кт Независимости 4-12, г. Минск", "mb-001"),
        ("Иванов Иван Иванович", "проспект Независимости, дом 4, квартира 12, город Минск", "mb-001"),
        ("Иванов Иван Иванович", "г.Минск,пр.Независимости,д.4,кв.12", "mb-001"),
        ("Иванов Иван Иванович", "Минск, Независимости пр-т, 4, кв 12", "mb-001"),
        ("Иванов Иван Иванович", "220030 Минск Независимости 4-12", "mb-001"),
        ("Иванов Иван Иванович", "Минск, пр-т Независимости, 4, кв. 12, 5 этаж", "mb-001"),
        ("Иванов Иван Иванович", "Минск, пр-т Независимости, 4, кв-ра 12, 2 подъезд", "mb-001"),
        ("Иванов Иван Иванович", "кв. 12, д. 4, пр-т Независимости, г. Минск", "mb-001"),
        ("Кому: Иванову И.И.", "г. Минск, пр-т Независимости, д. 4, кв. 12", "mb-001"),
        ("гр-ну Иванову Ивану Ивановичу", "г. Минск, пр-т Независимости, д. 4, кв. 12", "mb-001"),
        ("Иванов Иван Иванович", "Республика Беларусь, г. Минск, пр-т Независимости, д. 4, подъезд 1", None),
        ("Иванов Иван Иванович", "Минск, пр-т Независимости, 4, кв. 12, подъезд 2, кв. 14", None),
        ("Ковальчук Наталья Петровна", "Республика Беларусь, Брестская обл., г. Брест, ул. Советская, д. 12, кв. 5", "mb-017"),
        ("Ковальчук Наталья Петровна", "Брест, Советская ул., 12-5", "mb-017"),
        ("Ковальчук Наталья Петровна", "ул.Советская,д.12,кв.5,г.Брест", "mb-017"),
        ("Ковальчук Наталья Петровна", "г. Брест, ул. Советская, 12, кв. 5, 3 этаж", "mb-017"),
        ("Жук Алексей Николаевич", "Могилевская обл., г. Могилев, ул. Первомайская, 30-8", "mb-020"),
        ("Жук Алексей Николаевич", "Могилёв, Первомайская, дом 30, кв 8", "mb-020"),
        ("Левченко Оксана Викторовна", "Гомель, 50 лет Победы ул., д. 7, кв. 21", "mb-105"),
        ("Левченко Оксана Викторовна", "г. Гомель, улица 50 лет Победы, 7-21", "mb-105"),
        ("Рыбак Геннадий Павлович", "Брест, 8 Марта ул., д. 3", "mb-106"),
        ("Карпович Владимир Николаевич", "Минск, Лесной пер., д. 3", "mb-040"),
        ("Карпович Владимир Николаевич", "Минск, переулок Лесной, 3", "mb-040"),
        ("Сидоренко Игорь Викторович", "г. Минск, ул Кальварийская д 10 кв 15", "mb-004"),
        ("Сидоренко Игорь Викторович", "Минск, Кальварийская ул., д.10, кв.15", "mb-004"),
        ("ООО \"РОМАШКА\"", "г. Минск, ул. Сурганова, 57Б, оф. 12", "mb-013"),
        ("«Ромашка» ООО", "г. Минск, ул. Сурганова, 57Б, офис 12", "mb-013"),
        ("ООО „Ромашка“", "г. Минск, ул. Сурганова, 57Б, оф. 12", "mb-013"),
        ("Общество с ограниченной ответственностью «Ромашка»", "Минск, Сурганова 57Б, оф. 12", "mb-013"),
        ("ООО «Ромашка Сервис»", "Минск, Сурганова 57Б, оф. 12", None),
        ("ОАО БЕЛАГРОПРОМБАНК", "г. Минск, пр-т Жукова, 3", "mb-012"),
        ("Белагропромбанк, ОАО", "г. Минск, пр-т Жукова, 3", "mb-012"),
        ("ОАО «Белагропромбанк»", "Республика Беларусь, 220036, г. Минск, проспект Жукова, дом 3", "mb-012"),
        ("ОАО «Белагропромбанк» филиал", "г. Минск, пр-т Жукова, 3", None),
        ("Унитарное предприятие «Минскводоканал»", "г. Минск, ул. Пулихова, 15", "mb-015"),
        ("УП Минскводоканал", "Минск, Пулихова ул., 15", "mb-015"),
        ("ООО «Альфа Трейд»", "г. Минск, ул. Кальварийская, 17, оф. 301", "mb-118"),
        ("Альфа-трейд ООО", "Минск, Кальварийская 17, офис 301", "mb-118"),
        ("Общество с ограниченной ответственностью «Альфа-Трейд»", "Минск, Кальварийская, 17-301", "mb-118"),
        ("ООО «Альфа-Трейд Плюс»", "г. Минск, ул. Кальварийская, 17, оф. 301", None),
        ("Закрытое акционерное общество «Бета-Софт»", "г. Минск, ул. Кальварийская, 17, оф. 305", "mb-119"),
        ("CJSC Beta-Soft", "Minsk, Kalvariyskaya str. 17, office 305", "mb-119"),
        ("ЗАО Бета Софт", "Минск, Кальварийская 17, оф. 305", "mb-119"),
        ("ООО «Бета-Софт»", "Минск, Кальварийская 17, оф. 305", None),
        ("ЗАО «Бета»", "Минск, Кальварийская 17, оф. 305", None),
        ("ИП Козлова А. В.", "Минск, Кальварийская 17, оф. 310", "mb-120"),
        ("Индивидуальный предприниматель Козлова Анна Викторовна", "Минск, Кальварийская 17, оф. 310", "mb-120"),
        ("Зуев Пётр Ильич", "Минск, Шаранговича 7-12", "mb-124"),
        ("Зуев П.И.", "Республика Беларусь, 220113, г. Минск, ул. Шаранговича, д. 7, кв. 12, подъезд 1, этаж 4", "mb-124"),
        ("Зуев Пётр Ильич", "Минск, Шаранговича 7", None),
    ],
}

for cls, items in cases.items():
    for item in items:
        name, address, expected = item[0], item[1], item[2]
        extra = {"unp": item[3]} if len(item) > 3 and item[3] else {}
        q(cls, name, address, expected, cls=cls, **extra)

for entry in mailboxes:
    assert entry["address"], entry

with open("directory.jsonl", "w", encoding="utf-8") as f:
    for entry in mailboxes:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
with open("queries.jsonl", "w", encoding="utf-8") as f:
    for line in queries:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
print(f"{len(mailboxes)} directory lines, {len(queries)} queries, {sum(1 for x in queries if x['expected'])} with a mailbox expected")
for cls in sorted({x["class"] for x in queries}):
    print(f"  {cls}: {sum(1 for x in queries if x['class'] == cls)} queries")
