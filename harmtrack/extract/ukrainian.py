"""Ukrainian-language reports (Ukrinform, Suspilne, regional administrations): fewer rules than the English
ones, from the word lists in harmtrack/data/extract_uk_words.json and the gazetteer's Ukrainian names.

A sentence is read for its places (a settlement in any case form: "у Харкові", "Херсона"; a region as
"-щина" or "... область": "на Дніпропетровщині"; a community by its adjective: "Маломихайлівській громаді";
a city district: "Індустріального району"), its harm (killed and injured with a count told by a digit or a
number word, a list of people, or a singular person; "кількість постраждалих зросла до 8" is the running
toll), its children (an age under 18, a child noun), its weapon, damaged sites and day. A sentence that says
nobody was hurt ("Ніхто не постраждав", "без жертв"; not "водій не постраждав", one person) makes the
incident's counts 0 where it tells no harm of that kind.

Incidents are made as in English, more simply: a sentence that names a settlement and tells harm, damage or
an attack opens an incident (or continues the one of the same place); one with no place continues the
incident before it; a region-level incident takes the settlement named next when that sentence tells no
harm of its own; totals ("загалом", "за добу", several communities) open and continue nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from harmtrack import places
from harmtrack.extract import confidence
from harmtrack.extract import places as place_rules
from harmtrack.extract.draft import Draft
from harmtrack.extract.drafting import RelativeDateWithoutAnchor
from harmtrack.extract.gazetteer_names import region_keys, settlement_keys
from harmtrack.extract.lexicon import GENERIC_WEAPONS
from harmtrack.extract.sentences import Sentence
from harmtrack.shipped import data_file

_TOKEN = re.compile(r"\d+(?:-\S+)?|[^\W\d_][\w'’ʼ-]*|[^\w\s]")
_CASE_ENDINGS = ("ові", "еві", "єві", "ою", "ею", "єю", "ом", "ем", "ах", "ях", "ого", "ому", "ій", "ої", "у", "ю", "і",
                 "а", "я", "е", "и")  # fmt: skip
_NOMINATIVE_ADDITIONS = ("", "а", "я", "ь", "и", "е", "о", "ка")
_COMMUNITY_ENDINGS = ("ській", "ської", "ська", "ську", "ським", "цькій", "цької", "цька", "зькій", "зької", "зька")
_DISTRICT_ENDINGS = (("ого", "ий"), ("ому", "ий"), ("ий", "ий"), ("ім", "ий"))
_TITLES = frozenset({"керівник", "начальник", "голова", "мер", "губернатор", "очільник", "речник", "заступник"})
_AGE = re.compile(r"^(\d{1,3})-?(?:річн|літн)")


@cache
def words() -> dict:
    path = data_file("extract_uk_words.json")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _latin() -> dict[int, str]:
    """The national transliteration (2010) of Ukrainian letters, for a district's name."""
    return str.maketrans(words()["latin"])


@dataclass
class _Read:
    """One sentence, read."""

    sentence: Sentence
    cities: list[str]
    regions: list[str]
    district: str | None
    killed: list[tuple[int | None, bool]]  # (count, a running toll)
    injured: list[tuple[int | None, bool]]
    children_killed: int | None
    children_injured: int | None
    weapons: list[str]
    sites: list[str]
    day: date | None
    aggregate: bool
    attack: bool
    russia: bool
    denied: bool = False  # "Ніхто не постраждав": nobody was killed or injured

    @property
    def harm(self) -> bool:
        return bool(self.killed or self.injured)


@dataclass
class _Incident:
    city: str | None
    region: str | None
    members: list[_Read] = field(default_factory=list)

    def add(self, read: _Read) -> None:
        self.members.append(read)

    @property
    def has_harm(self) -> bool:
        return any(member.harm or member.sites for member in self.members)


def read_ukrainian(
    split: list[Sentence], published: date | None
) -> tuple[list[Draft], list[RelativeDateWithoutAnchor]]:
    """The drafts of a Ukrainian report, and the incidents that cannot be dated: without a publication date,
    every day a Ukrainian report tells ("у суботу", "17 серпня") is relative, and none is taken from the clock."""
    reads = [_read(piece, published) for sentence in split for piece in _quote_and_attribution(sentence)]
    incidents = _incidents(reads)
    russia = any(read.russia for read in reads)
    drafts: list[Draft] = []
    undatable: list[RelativeDateWithoutAnchor] = []
    for incident in incidents:
        if published is None:
            first = incident.members[0].sentence
            undatable.append(RelativeDateWithoutAnchor(first.text, None, None, (first.paragraph, first.index)))
            continue
        drafts.append(_draft(incident, published, russia, len(incidents) > 2))
    return drafts, undatable


# "Ще п'ятеро людей постраждали", — зазначив він та уточнив інформацію про ранковий удар КАБами по ...": the end
# of a quote, and the attribution after it that may tell of another place.
_QUOTE_END = re.compile(r"[\"»”]\s*,?\s*[—–-]+\s+")


def _quote_and_attribution(sentence: Sentence) -> list[Sentence]:
    """A sentence cut where a quote ends and its attribution begins."""
    match = _QUOTE_END.search(sentence.text)
    if match is None or match.start() == 0 or sentence.heading:
        return [sentence]
    head, tail = sentence.text[: match.start() + 1], sentence.text[match.end() :]
    return [Sentence(head, sentence.paragraph, sentence.index), Sentence(tail, sentence.paragraph, sentence.index)]


# --------------------------------------------------------------------------- one sentence


def _read(sentence: Sentence, published: date | None) -> _Read:
    text = sentence.text
    tokens = [match[0] for match in _TOKEN.finditer(text)]
    lower = [token.lower() for token in tokens]
    listed = words()
    lowered = text.lower()
    denied = any(_said(lowered, phrase) for phrase in listed["denial"])
    negated = denied or any(_said(lowered, phrase) for phrase in listed["negation"])
    killed, injured, children_killed, children_injured = ([], [], None, None) if negated else _harm(lower)
    return _Read(
        sentence=sentence,
        cities=_cities(tokens, lower),
        regions=_regions(lower),
        district=_district(tokens, lower),
        killed=killed,
        injured=injured,
        children_killed=children_killed,
        children_injured=children_injured,
        weapons=_weapons(lower),
        sites=_sites(lower),
        day=_day(lower, published),
        aggregate=any(phrase in lowered for phrase in listed["aggregate"]),
        attack=any(token.startswith(stem) for token in lower for stem in listed["damage_words"]),
        russia=any(token.startswith(stem) for token in lower for stem in listed["russia"]),
        denied=denied,
    )


# "На жаль, не обійшлося без постраждалих" (there were casualties), "Сподіваємося, що ніхто не постраждав" (a hope),
# "..., щоб ніхто не постраждав" (a purpose): the phrase is not said of the attack
_UNSAID_BEFORE = re.compile(r"(?:\bне\s+(?:\w+\s+)?|(?:сподіва\w*|\bщоб|\bаби|\bчи|\bякщо)[^.;]{0,25})$")


def _said(lower: str, phrase: str) -> bool:
    """`phrase` occurs in the lower-cased sentence as a statement of the report."""
    start = lower.find(phrase)
    while start >= 0:
        if not _UNSAID_BEFORE.search(lower[max(0, start - 40) : start]):
            return True
        start = lower.find(phrase, start + 1)
    return False


def _cities(tokens: list[str], lower: list[str]) -> list[str]:
    """The settlements the sentence names, in the gazetteer's spelling."""
    found: list[str] = []
    for i, token in enumerate(tokens):
        if i == 0 or not token[:1].isupper() or not _is_cyrillic(token):
            continue
        if lower[i - 1] in _TITLES or (i + 1 < len(tokens) and tokens[i + 1][:1].isupper() and i >= 1 and
                                       tokens[i - 1][:1].isupper()):  # fmt: skip
            continue  # "начальник ОВА Сергій Лисак": a person
        if i + 1 < len(lower) and lower[i + 1].startswith("громад"):
            name = _community(lower[i])
        elif i + 1 < len(lower) and lower[i + 1].startswith(("район", "област", "обл", "ова", "мва", "ода")):
            continue  # a district, a region or an administration named by its adjective
        else:
            name = settlement(lower[i])
        if name is not None and name not in found:
            found.append(name)
    return found


def settlement(word: str) -> str | None:
    """The settlement a Ukrainian word names in any case ("Харкові", "Херсона", "Новорайську")."""
    keys = settlement_keys()
    for candidate in _nominatives(word):
        names = keys.get(places.normalise_key(candidate))
        if names and len(names) == 1:
            return names[0]
    return None


def _nominatives(word: str) -> list[str]:
    """The nominatives a case form may come from, likeliest first: the word itself, then without a case
    ending, with the vowel that alternates in closed syllables ("Харкова" -> "Харків", "Миколаєва" ->
    "Миколаїв")."""
    candidates = [word]
    for ending in _CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            candidates += [stem + addition for addition in _NOMINATIVE_ADDITIONS]
            alternated = _alternate(stem)
            if alternated != stem:
                candidates += [alternated + addition for addition in ("", "ь")]
    return candidates


def _alternate(stem: str) -> str:
    """The stem with the nominative's і/ї for the oblique cases' о/е/є in its last syllable."""
    for index in range(len(stem) - 1, max(-1, len(stem) - 4), -1):
        if stem[index] in "оеє":
            return stem[:index] + ("ї" if stem[index] == "є" else "і") + stem[index + 1 :]
    return stem


def _community(adjective: str) -> str | None:
    """ "Маломихайлівській громаді" -> Malomykhailivka."""
    for ending in _COMMUNITY_ENDINGS:
        if adjective.endswith(ending):
            stem = adjective[: -len(ending)]
            for candidate in (stem + "ка", stem, stem + "ь", stem + "е", stem + "и", stem + "ськ"):
                names = settlement_keys().get(places.normalise_key(candidate))
                if names and len(names) == 1:
                    return names[0]
    return None


def _regions(lower: list[str]) -> list[str]:
    """Regions named as "-щина" ("на Дніпропетровщині") or "... область" ("Харківської області")."""
    keys = region_keys()
    found: list[str] = []
    for i, word in enumerate(lower):
        name = None
        if "щин" in word:
            name = keys.get(word[: word.index("щин")] + "щина")
        elif i + 1 < len(lower) and lower[i + 1].startswith(("област", "обл")):
            for ending in ("ської", "ській", "ська", "ську", "цької", "цькій", "цька", "зької", "зькій", "зька"):
                if word.endswith(ending):
                    name = keys.get(word[: -len(ending)] + ending[0] + "ька")
                    break
        if name is not None and name not in found:
            found.append(name)
    return found


def _district(tokens: list[str], lower: list[str]) -> str | None:
    """ "Індустріального району" -> Industrialnyi (a city's district, not a raion named after its town)."""
    for i in range(len(tokens) - 1):
        if not (tokens[i][:1].isupper() and lower[i + 1].startswith("район")):
            continue
        for ending, nominative in _DISTRICT_ENDINGS:
            if lower[i].endswith(ending):
                name = lower[i][: -len(ending)] + nominative
                if settlement(name[:-2]) is None and _community(lower[i]) is None:
                    latin = name.translate(_latin())
                    return latin[:1].upper() + latin[1:]
    return None


def _harm(lower: list[str]) -> tuple[list[tuple[int | None, bool]], list[tuple[int | None, bool]], int | None,
                                     int | None]:  # fmt: skip
    """(killed, injured, children killed, children injured): each harm word with its count."""
    killed: list[tuple[int | None, bool]] = []
    injured: list[tuple[int | None, bool]] = []
    children: dict[str, int | None] = {"killed": None, "injured": None}
    toll = _toll(lower)
    for k, word in enumerate(lower):
        kind = _harm_kind(word)
        if kind is None:
            continue
        target = killed if kind == "killed" else injured
        if toll is not None and toll[0] == kind:
            target.append((toll[1], True))
            continue
        count, young = _count(lower, k)
        target.append((count, False))
        if young:
            children[kind] = max(young, children[kind] or 0)
    if toll is not None and not (killed if toll[0] == "killed" else injured):
        (killed if toll[0] == "killed" else injured).append((toll[1], True))
    if not killed and not injured:
        attacked = _attacked_person(lower)  # "атакували з дрона дитину": harm to a person, its count untold
        if attacked is not None:
            injured.append((None, False))
            children["injured"] = attacked or None
    return _dedupe(killed), _dedupe(injured), children["killed"], children["injured"]


def _attacked_person(lower: list[str]) -> int | None:
    """An attack verb with a person as its object a few words on: 1 when the person is a child, 0 when an
    adult; None when no person was attacked."""
    for k, word in enumerate(lower):
        if not word.startswith(("атакува", "вдари", "влучи", "скину", "скинули")):
            continue
        for following in lower[k + 1 : k + 5]:
            if _is_child(following):
                return 1
            if following in words()["singular_people"]:
                return 0
    return None


def _harm_kind(word: str) -> str | None:
    listed = words()
    if any(word.startswith(stem) for stem in listed["killed_words"]):
        return "killed"
    if any(word.startswith(stem) for stem in listed["injured_words"]):
        return "injured"
    return None


def _toll(lower: list[str]) -> tuple[str, int] | None:
    """ "Кількість постраждалих зросла до чотирьох людей": the running toll's kind and figure."""
    listed = words()
    for k, word in enumerate(lower):
        if word in listed["toll_rise"] and k + 2 < len(lower) and lower[k + 1] == "до":
            value = _number(lower[k + 2])
            kind = next((_harm_kind(w) for w in reversed(lower[:k]) if _harm_kind(w)), None)
            if value is not None and kind is not None:
                return kind, value
    return None


def _count(lower: list[str], k: int) -> tuple[int | None, int | None]:
    """(count, children) told with the harm word at k: the people listed after it ("постраждали 13-річна
    дівчинка, а також двоє жінок"), else a number or a person before it ("Ще п'ятеро людей постраждали",
    "Загинув 59-річний чоловік"), else a singular harm noun ("є загиблий": 1); unknown when none."""
    # "4 загиблих і 4 поранених", "1 загиблу людину", "4 цивільних поранено": the number right before
    if k >= 1 and _number(lower[k - 1]) is not None:
        return _people(lower[k - 1 : k])
    if k >= 2 and _number(lower[k - 2]) is not None and _is_person(lower[k - 1]):
        return _people(lower[k - 2 : k])
    after = _people(lower[k + 1 : _clause_end(lower, k + 1)])
    if after[0]:
        return after
    start = k - 1
    while start >= 0 and k - start <= 5 and lower[start] not in _BEFORE_STOPS and _harm_kind(lower[start]) is None:
        start -= 1
    before = _people(lower[start + 1 : k])
    if before[0]:
        return before
    if lower[k] in ("загиблий", "загибла", "загинула", "загинув", "постраждала", "постраждав", "поранена",
                    "поранений", "травмована", "травмований"):  # fmt: skip
        return 1, None
    return None, None


_BEFORE_STOPS = frozenset({".", ";", ",", ":", "—", "–", "«", "»", '"', "і", "й", "та", "а"})
_LIST_GOES_ON = frozenset({"а", "також", "і", "й", "та", "ще", "зокрема", "в", "у", "серед", "включно", "із"})


def _clause_end(lower: list[str], start: int) -> int:
    """Where the words told with a harm word end: a full stop, the next harm word or its number ("4 загиблих і 4
    поранених"), or a comma that does not go on with the list ("поранено 4 цивільних, пошкоджено 2 будинки")."""
    for index in range(start, min(len(lower), start + 14)):
        word = lower[index]
        if word in (".", ";") or _harm_kind(word) is not None:
            return index
        if index + 1 < len(lower) and _number(word) is not None and _harm_kind(lower[index + 1]) is not None:
            return index
        if word == "," and (index + 1 >= len(lower) or lower[index + 1] not in _LIST_GOES_ON):
            return index
    return min(len(lower), start + 14)


def _people(span: list[str]) -> tuple[int | None, int | None]:
    """(people, children) counted in a few words: numbers with their noun, ages, singular persons."""
    listed = words()
    total, children = 0, 0
    included = len(span)  # "двоє людей, в тому числі 10-річна дитина": who follows is among those counted
    for marker in ("числі", "зокрема", "серед"):
        if marker in span:
            included = min(included, span.index(marker))
    if included < len(span):
        counted = _people(span[:included])[0]
        young = _people(span[included + 1 :])
        return counted, (young[1] if counted is not None and young[1] is not None and young[1] <= counted else None)
    index = 0
    while index < len(span):
        word = span[index]
        following = span[index + 1] if index + 1 < len(span) else ""
        number = _number(word)
        age = _AGE.match(word)
        if age:
            total += 1
            children += int(age[1]) < 18
            index += 2 if _is_person(following) else 1
            continue
        if number is not None and not following.startswith(("рок", "річ", "год", "хвил", "км", "%")):
            total += number
            children += number if _is_child(following) else 0
            index += 2
            continue
        if number is not None:
            index += 2  # "жінку 74 років": an age, the person is counted by the noun
            continue
        if word in listed["singular_people"] or (_is_child(word) and not word.startswith("діт")):
            total += 1
            children += _is_child(word)
        index += 1
    return (total or None), (children or None)


def _is_person(word: str) -> bool:
    return any(word.startswith(stem) for stem in words()["people"]) or _is_child(word)


def _is_child(word: str) -> bool:
    listed = words()
    return any(word.startswith(stem) for stem in listed["children"]) and not word.startswith(
        tuple(listed["not_children"])
    )


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return words()["numbers"].get(word.replace("’", "'").replace("ʼ", "'"))


def _dedupe(found: list[tuple[int | None, bool]]) -> list[tuple[int | None, bool]]:
    """A figure told twice in one sentence ("загинула ... загибелі") counts once."""
    return list(dict.fromkeys(found))


def _weapons(lower: list[str]) -> list[str]:
    listed = words()
    found = []
    for i, word in enumerate(lower):
        for stem, code in listed["weapons"]:
            if not word.startswith(stem):
                continue
            needs = listed["weapon_needs_next"].get(stem)
            following = lower[i + 1] if i + 1 < len(lower) else ""
            if needs and not following.startswith(tuple(needs)):
                continue
            found.append(code)
            break
    return found


def _sites(lower: list[str]) -> list[str]:
    """Damaged sites, when the sentence tells damage: a site's words name one site ("приватних будинків" is
    private houses, not houses too)."""
    listed = words()
    found = []
    i = 0
    while i < len(lower):
        word, taken = lower[i], 1
        for stem, kind, name in listed["sites"]:
            if not word.startswith(stem):
                continue
            needs = listed["site_needs_next"].get(stem)
            following = lower[i + 1] if i + 1 < len(lower) else ""
            if needs and not following.startswith(tuple(needs)):
                continue
            if f"{kind}:{name}" not in found:
                found.append(f"{kind}:{name}")
            taken = _site_words(lower, i)
            break
        i += taken
    return found if any(word.startswith(("пошкод", "зруйн", "знищ", "влуч", "пожеж", "вогн")) for word in lower) else []


def _site_words(lower: list[str], i: int) -> int:
    """How many words from i name one site: its adjectives and the noun after them."""
    stems = (*(stem for stem, _, _ in words()["sites"]), "будин", "забудов", "споруд")
    taken = 1
    while i + taken < len(lower) and lower[i + taken].startswith(stems):
        taken += 1
    return taken


def _day(lower: list[str], published: date | None) -> date | None:
    """The day a sentence tells: "17 серпня", "у суботу", "вчора"; None when it tells none or there is no
    publication date to count from."""
    listed = words()
    if published is None:
        return None
    for i, word in enumerate(lower):
        if word in listed["months"] and i > 0 and lower[i - 1].isdigit():
            month, day = listed["months"][word], int(lower[i - 1])
            year = published.year - (1 if (month, day) > (published.month, published.day) else 0)
            try:
                return date(year, month, day)
            except ValueError:
                return None
    for word in lower:
        if word in listed["weekdays"]:
            back = (published.weekday() - listed["weekdays"][word]) % 7
            return published - timedelta(days=back)
        if word in listed["yesterday"]:
            return published - timedelta(days=1)
    return None


def _is_cyrillic(word: str) -> bool:
    return "\u0400" <= word[0] <= "\u04ff"


# --------------------------------------------------------------------------- incidents


def _incidents(reads: list[_Read]) -> list[_Incident]:
    incidents: list[_Incident] = []
    current: _Incident | None = None
    region: str | None = None
    for index, read in enumerate(reads):
        previous = reads[index - 1] if index else None
        region = read.regions[0] if read.regions else region
        if read.sentence.heading or read.aggregate:
            continue
        if read.cities:
            city = read.cities[0]
            if (
                current is not None
                and current.city is None
                and not read.harm
                and current.has_harm
                and not (_other_weapon(current, read))
            ):
                current.city = city  # "... на Херсонщині" ... "у Новорайську": the region-level incident's place
                current.add(read)
                continue
            if current is not None and current.city == city:
                current.add(read)
                continue
            if read.harm or read.sites or read.attack:
                current = _Incident(city, region)
                current.add(read)
                incidents.append(current)
            continue
        if read.regions and not read.harm and (current is None or current.region not in read.regions):
            # "Цього разу на Дніпропетровщині": the report turns to another region; "на Харківщині ворожий дрон
            # вдарив по автомобілю": an attack there, whose harm may follow
            current = None
            if read.attack and read.weapons:
                current = _Incident(None, read.regions[0])
                current.add(read)
                incidents.append(current)
            continue
        if read.regions and read.harm:
            if current is not None and current.city is None and current.region == read.regions[0]:
                current.add(read)
            else:
                current = _Incident(None, read.regions[0])
                current.add(read)
                incidents.append(current)
            continue
        if current is not None and (read.harm or read.sites or read.district):
            current.add(read)
        elif current is not None and read.denied and current.members[-1] is previous:
            current.add(read)  # "... пошкоджено приватний будинок. Ніхто не постраждав.": of the incident just told
        elif current is None and (read.harm or (read.attack and read.weapons)) and region is not None:
            # "Цього разу на Дніпропетровщині. ... ворог влучив дроном в мікроавтобус ... Загинув 59-річний
            # чоловік.": the region told before
            current = _Incident(None, region)
            current.add(read)
            incidents.append(current)
    return [incident for incident in incidents if incident.has_harm]


def _other_weapon(incident: _Incident, read: _Read) -> bool:
    """The sentence names a weapon the incident's sentences did not: another attack ("... удар КАБами по ...")."""
    told = {code for member in incident.members for code in member.weapons}
    return bool(told) and bool(read.weapons) and not set(read.weapons) & told


def _draft(incident: _Incident, published: date, russia: bool, roundup: bool) -> Draft:
    day = next((member.day for member in incident.members if member.day is not None), None)
    killed, killed_competing = _figure([f for member in incident.members for f in member.killed])
    injured, injured_competing = _figure([f for member in incident.members for f in member.injured])
    if any(member.denied for member in incident.members):
        # "Ніхто не постраждав": a count stated as none is 0, where no harm of its kind is told
        killed = 0 if not any(member.killed for member in incident.members) else killed
        injured = 0 if not any(member.injured for member in incident.members) else injured
    weapon = _best_weapon([code for member in incident.members for code in member.weapons])
    place = place_rules.resolve(incident.city, incident.region)
    sites = list(dict.fromkeys(site for member in incident.members for site in member.sites))
    draft = Draft(
        uid="",
        date=(day or published).isoformat(),
        date_precision="day",
        country=place.country,
        region=place.region or incident.region,
        city=place.city,
        district=next((member.district for member in incident.members if member.district), None),
        latitude=place.latitude,
        longitude=place.longitude,
        weapon=weapon,
        perpetrator="Russia" if russia and (place.country in (None, "Ukraine")) else None,
        killed=killed,
        injured=injured,
        children_killed=_children([member.children_killed for member in incident.members], killed),
        children_injured=_children([member.children_injured for member in incident.members], injured),
        damaged=sites,
        evidence=" ".join(member.sentence.text for member in incident.members),
    )
    doubts = [confidence.UKRAINIAN_RULES]
    doubts += [confidence.REGION_ONLY] if incident.city is None else []
    doubts += [confidence.COMPETING_FIGURES] if killed_competing or injured_competing else []
    doubts += [confidence.NO_WEAPON] if weapon == "unknown" else []
    doubts += [confidence.NO_DATE] if day is None else []
    doubts += [confidence.ROUNDUP] if roundup else []
    draft.confidence, draft.doubts = confidence.score(doubts)
    if day is None:
        draft.notes.append("no date in the text: the publication date")
    return draft


def _figure(found: list[tuple[int | None, bool]]) -> tuple[int | None, bool]:
    """(best estimate, whether figures compete): the latest running toll, else the highest figure."""
    values = [value for value, _ in found if value is not None]
    tolls = [value for value, toll in found if toll and value is not None]
    if tolls:
        return tolls[-1], len(set(values)) > 1
    return (max(values) if values else None), len(set(values)) > 1


def _children(told: list[int | None], total: int | None) -> int | None:
    counts = [value for value in told if value is not None]
    child = max(counts) if counts else None
    return None if child is not None and total is not None and child > total else child


def _best_weapon(codes: list[str]) -> str:
    if not codes:
        return "unknown"
    specific = [code for code in codes if code not in GENERIC_WEAPONS and code != "debris"]
    if specific:
        return specific[0]
    strikes = [code for code in codes if code != "debris"]
    return strikes[0] if strikes else codes[0]
