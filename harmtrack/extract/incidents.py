"""From sentences to incidents: the walk through a report that opens, continues and refines incidents.

A sentence that names a place and harm (people killed or injured, or a site damaged) opens an incident. A
sentence with harm and no place of its own continues the incident before it ("The death toll rose to 21"),
and so does one that refers back to it ("the city was hit by Iskander-M missiles"). An attack sentence with a
place and no harm yet ("Russian troops attacked Dnipro with drones overnight.") opens an incident that only
counts once harm follows. Totals and history (see aggregates.py) open and continue nothing.

An incident known only by its region takes the city told right after it ("a ship in a port in Odesa region"
... "at the port of Chornomorsk"). A harm sentence with no place is another incident in the same city when it
tells another day or district ("The next day, shelling damaged ..."), and in a feature about one place (a
dateline and no other city) it is that place's. A sentence that tells of several places gives each its own
harm (see clauses.py).
"""

import re
from dataclasses import dataclass, field

from harmtrack.extract import dates as date_rules
from harmtrack.extract import places as place_rules
from harmtrack.extract.aggregates import (
    HABITUAL,
    MANY_SETTLEMENTS,
    ONE_ATTACK_TOLD,
    PERIOD,
    PLURAL_ATTACKS,
    SETTLEMENT_TALLY,
    STRONG_AGGREGATE,
    TALLY,
)
from harmtrack.extract.analysis import CITY_ANAPHOR, Analysis, in_paragraphs
from harmtrack.extract.clauses import PlaceGroup, clause_part, place_groups
from harmtrack.extract.frames import DEFINITE, Frame, merge_repeats, same_night
from harmtrack.extract.harm import Harm
from harmtrack.extract.incident_dates import context_dates, sentence_date
from harmtrack.extract.lexicon import is_barrage
from harmtrack.extract.spans import ends_at

ATTRIBUTION = re.compile(r"^[\"“]|\b(?:said|says|wrote|reported|told|according\s+to|added)\b")
SAME_DAY = re.compile(r"\b(?:the\s+same|that)\s+(?:day|evening|night|morning|afternoon)\b", re.IGNORECASE)
# "in a central Ukrainian city", "a southeastern town": a settlement the sentence does not name
# or only by its part of the country ("a strike on an apartment block in central Ukraine", "in southern Russia")
UNNAMED_CITY = re.compile(
    r"\b(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:city|town|village)\b|"
    r"\bin\s+(?:central|eastern|western|northern|southern|north-?eastern|south-?eastern|north-?western|"
    r"south-?western)\s+(?:Ukraine|Russia)\b",
    re.IGNORECASE,
)
_EVENT_NAMED = re.compile(r"\s+(?:assault|attack|strike|shelling|bombing|raid|tragedy)\b", re.IGNORECASE)
_SEVERAL_REGIONS = r"\b(?:regions|oblasts)\b|\bacross\s+(?:the\s+country|Ukraine)\b"
# a sentence about the region or the country, not the city of the incident before it
WIDER_SCOPE = re.compile(r"\b(?:the|this|that)\s+(?:region|oblast|country)\b|" + _SEVERAL_REGIONS, re.IGNORECASE)
_WEAPONS_USED = re.compile(
    r"^[\"“]?(?:they|the\s+(?:enemy|occupiers|invaders|russians)|russian\s+(?:forces|troops))\s+(?:also\s+)?"
    r"(?:used|employed|deployed|fired)\b",
    re.IGNORECASE,
)
_MANY_REGIONS = re.compile(_SEVERAL_REGIONS, re.IGNORECASE)
# "in the shelling of another village near the border", "a neighbouring town": a settlement left unnamed
ANOTHER_SETTLEMENT = re.compile(
    r"\b(?:another|a\s+different|a\s+neighbou?ring|a\s+nearby)\s+(?:[\w-]+\s+)?(?:village|town|settlement|city|community)\b",
    re.IGNORECASE,
)
# "carried out another targeted strike on the city": one more attack on the city told before
_ANOTHER_STRIKE = re.compile(
    r"\b(?:carried\s+out|launched|conducted|made|struck\s+with)\s+another\s+(?:[\w-]+\s+){0,2}?(?:strike|attack)\s+"
    r"(?:on|against)\s+the\s+(?:city|town|village|settlement)\b|"
    # "At approximately 2:00 p.m., the occupiers attacked the city again"
    r"\b(?:attacked|struck|shelled|hit|targeted)\s+the\s+(?:city|town|village|settlement)\s+(?:once\s+)?again\b|"
    r"\bagain\s+(?:attacked|struck|shelled|hit|targeted)\s+the\s+(?:city|town|village|settlement)\b",
    re.IGNORECASE,
)
_FAMILIES = ({"missile", "cruise-missile", "ballistic-missile", "anti-aircraft-missile"},
             {"drone", "loitering-munition"}, {"aerial-bomb", "glide-bomb"})  # fmt: skip


def find_incidents(analyses: list[Analysis]) -> list[Frame]:
    """The incidents the sentences tell, in text order, each with the sentences that tell it."""
    walk = _Walk(analyses)
    for item in analyses:
        walk.read(item)
    frames = merge_repeats([frame for frame in walk.frames if frame.has_harm])
    frames = [frame for frame in frames if not _only_bare_infrastructure(frame)] or _headline_only(analyses)
    _regions_from_report(frames, analyses)
    context_dates(frames, analyses)
    return frames


def _headline_only(analyses: list[Analysis]) -> list[Frame]:
    """ "Russian attack on Zaporizhzhia kills 1, injures 7" over a body that tells the attack on "the city" and no
    figure: when the sentences make no incident, the one the headline tells with figures in one place."""
    for item in analyses:
        if not item.sentence.heading:
            return []  # a heading after the prose ("More stories: ...") is another report's
        if item.aggregate or not item.harms:
            continue
        if any(h.value is None for h in item.harms) or not (item.attack or item.weapons):
            return []
        groups = place_groups(item)
        if len(groups) != 1 or groups[0].span is not None:
            return []
        city, region, district, written, harms, _, _ = groups[0]
        frame = Frame(city, region, district, written, item, sentence_date(item))
        frame.attach(item, harms)
        return [frame]
    return []


def _regions_from_report(frames: list[Frame], analyses: list[Analysis]) -> None:
    """A settlement with namesakes in several regions, told where no region is named, is the one in a region the
    report names elsewhere ("Semenivka" in a report from the Chernihiv region), when only one of them is."""
    regions = list(dict.fromkeys(m.name for item in analyses for m in item.places if m.kind == "region"))
    for frame in frames:
        if frame.city is None or frame.region is not None:
            continue
        # "Oleh Synehubov, governor of Kharkiv region, said Russian shelling killed a man ... in the village of
        # Slobozhanske": the region of the official who tells it
        speakers = dict.fromkeys(region for item in frame.members for region in place_rules.titled_regions(item.text))
        told = [region for region in speakers if place_rules.city_lookup(frame.city, region) is not None]
        if len(told) == 1:
            frame.region = told[0]
            continue
        if not regions:
            continue
        fitting = [region for region in regions if place_rules.city_lookup(frame.city, region) is not None]
        if len(fitting) == 1:
            frame.region = fitting[0]


def _figures_of_several_regions(item: Analysis) -> bool:
    """Harm told in a sentence that names two regions or more and no settlement."""
    if not item.harms or any(m.kind == "city" for m in item.places):
        return False
    return len({m.name for m in item.places if m.kind == "region"}) > 1


def _only_bare_infrastructure(frame: Frame) -> bool:
    """No one harmed, and the only damage is "infrastructure" with no site ("attacks impacting civilians and
    civilian infrastructure", "damaged Ukrainian energy and gas infrastructure"): damage told with no site and no
    harm, no incident to draft."""
    return not frame.harms and all(
        site.code == "infrastructure" and site.text.lower() == "infrastructure" for site in frame.sites
    )


@dataclass
class _Walk:
    """The incidents found so far, and what the sentences read so far tell the next one."""

    analyses: list[Analysis]
    frames: list[Frame] = field(default_factory=list)
    current: Frame | None = None  # the incident the next sentence may continue
    latest: Analysis | None = None  # the last sentence that named a place
    region_context: dict[int, str] = field(default_factory=dict)  # paragraph -> region named in it
    prose: int = -1  # the paragraph of prose being read
    previous_prose: int = -1  # the last paragraph of prose before it
    named: list[str] = field(default_factory=list)  # the cities the report has named so far, its dateline's first
    _named: set[str] = field(default_factory=set)  # the same, to look up
    unnamed: Analysis | None = None  # harm told of a city the sentence does not name, before any incident
    tallied_opening: Analysis | None = None  # the last sentence that opened an incident as one attack of a tally

    def read(self, item: Analysis) -> None:
        self._note_places(item)
        if item.sentence.heading:
            return
        if item.sentence.paragraph != self.prose:
            self.previous_prose, self.prose = self.prose, item.sentence.paragraph
        if item.aggregate:
            if any(m.kind in ("city", "region") for m in item.places):
                # "Russian attacks on 35 settlements, including Kherson, killed two": damage told after a total
                # about other places is not the incident's before it
                self.latest = item
            return
        if _figures_of_several_regions(item):
            # "On August 12, 3 civilians were killed in the Donetsk region ..., and on August 13, a rocket strike on
            # the Sumy region wounded a 7-year-old girl": whose figures? Neither region's, nor the incident's before
            self.latest = item
            self.current = None
            return
        groups = place_groups(item)
        if not groups:
            self._read_placeless(item)
            return
        self.latest = item
        region = self.region_context.get(item.sentence.paragraph)
        unnamed, self.unnamed = self.unnamed, None
        if unnamed is not None and self._names_the_unnamed(unnamed, item, groups):
            # "a Russian missile strike Thursday that killed at least 23 [in a central Ukrainian city]" ... "The
            # cruise missile strikes on Vinnytsia": the city the lead did not name
            city, _, district, written, _, _, _ = groups[0]
            frame = Frame(city, groups[0].region or region, district, written, unnamed, sentence_date(unnamed))
            self._open(frame)
            frame.attach(item)
            return
        for group in groups:
            self._read_place(item, group._replace(region=group.region or region))

    def _names_the_unnamed(self, unnamed: Analysis, item: Analysis, groups: list[PlaceGroup]) -> bool:
        """The sentence names one city, and an attack there with no harm of its own, a paragraph after a harm
        told of an unnamed city."""
        return (
            len(groups) == 1
            and groups[0].city is not None
            and not groups[0].harms
            and (
                (item.attack and _next_sentence(unnamed, item))
                or (
                    bool(UNNAMED_CITY.search(unnamed.text))
                    and ((item.attack and bool(item.anaphora or item.weapons)) or _introduces_city(item, groups[0]))
                    and self._soon_after(unnamed, item)
                )
            )
        )

    def _soon_after(self, unnamed: Analysis, item: Analysis) -> bool:
        """The next paragraph, or up to three paragraphs on with only quotes and headings between (no harm, no
        place)."""
        first, paragraph = unnamed.sentence.paragraph, item.sentence.paragraph
        if paragraph - first <= 1:
            return True
        between = in_paragraphs(self.analyses, first + 1, paragraph)
        return paragraph - first <= 3 and all(not other.harms and not other.places for other in between)

    def _note_places(self, item: Analysis) -> None:
        regions = [m for m in item.places if m.kind == "region"]
        if regions:
            self.region_context[item.sentence.paragraph] = regions[0].name
        for name in [item.dateline_city] + [m.name for m in item.places if m.kind == "city"]:
            if name and name not in self._named:
                self.named.append(name)
                self._named.add(name)

    def _read_placeless(self, item: Analysis) -> None:
        """A sentence with no place of its own: another incident in the report's city, or more of the
        incident before it."""
        own_date = sentence_date(item)
        current = self.current
        if current is not None and current.city is not None and current.has_harm and _ANOTHER_STRIKE.search(item.text):
            # "around 12:00, Russian forces carried out another targeted strike on the city using an FPV drone. This
            # attack killed a civilian woman": a second attack on the open incident's city
            date = own_date or current.date
            self._open(Frame(current.city, current.region, None, current.city_written, item, date, new_cue=True))
            self.latest = item
            return
        tallied = self._region_tallied_before(item)
        if tallied is not None:
            # "Five others were wounded in various attacks on the Bryansk region ... A woman riding on a bus was
            # hospitalized after being struck in an attack": one attack of the region's tally, in that region
            self._open(Frame(None, tallied, None, None, item, own_date, new_cue=True))
            self.tallied_opening = item
            return
        if item.harms and self.current is not None and ANOTHER_SETTLEMENT.search(item.text):
            # "a woman had been killed in the shelling of another village near the border": not the open
            # incident's place, but somewhere in its region
            self._open_in_region(item, self.current, own_date)
            return
        local = _report_city(item, self.current, self.named, own_date)
        if local is not None:
            # "On Wednesday, a drone dropped an explosive device on the courtyard of her house": in a feature
            # about one place, or on another day than the incident before, the report's own place
            districts = item.districts_without_city
            district = districts[0].name if districts else None
            city, region = local
            self._open(Frame(city, region, district, city, item, own_date, new_cue=True))
            self.latest = item
            return
        current = self.current
        told_before = self._place_told_before(item)
        if told_before is not None and self.latest is not None and self._another_city(current, told_before[0]):
            # "A column of Russian military entered Izyum on March 7. The occupants shot a car ... Three men
            # were killed", "Occupants recently attacked the city of Pokrovsk. As a result, 9 people were
            # killed": the figures of the one settlement the paragraph has just named, not of an earlier incident
            place, region = told_before
            frame = Frame(place, region, None, place, self.latest, sentence_date(self.latest))
            self._open(frame)
            frame.attach(item)
            return
        if current is None:
            if item.harms and ((item.attack and UNNAMED_CITY.search(item.text)) or not self.frames):
                # "a Russian missile strike ... that killed at least 23 [in a central Ukrainian city]"; or the
                # report's first harm, whose place the next sentence may tell ("Russian terrorists killed an
                # 18-year-old boy. He was injured in an enemy attack on Mezhove community")
                self.unnamed = item
            return
        if self._elsewhere(current):
            # "The liberated parts of Kherson Oblast were shelled ... The attacks injured two": not the incident before
            return
        if current.city is not None and _separate_attack(item, current, own_date):
            # "On 14 November, a police officer was killed when an FPV drone struck a police vehicle", "two people
            # had been wounded in another attack overnight": not the incident before, but somewhere in its region
            # (the speaker's, when the sentence names one); "another strike hit the same building": in its city
            date = own_date or current.date
            if _SAME_PLACE.search(item.text):
                self._open(Frame(current.city, current.region, None, current.city_written, item, date, new_cue=True))
                return
            speakers = place_rules.titled_regions(item.text)
            region = next(iter(speakers)) if len(speakers) == 1 else current.known_region
            if region is not None:
                self._open(Frame(None, region, None, None, item, date, new_cue=True))
                return
        if item.harms and _told_of_elsewhere(item, current):
            # "Meanwhile, in Ukraine's Kharikv region, four were killed", "Oryol region Governor ... said": not the
            # open incident's, but the figures of the speaker's region when its incident was told before
            self._to_speakers_region(item)
            return
        if not item.harms and current.city is not None and WIDER_SCOPE.search(item.text):
            return  # "missiles were also used in the attack on the region": not the weapon of the city's incident
        if item.harms and self._after_several_places(item):
            return  # "... killed: two in Kurtivka and one in Pokrovsk. Another three people were injured": whose?
        refers = bool(item.harms) or (item.anaphora and bool(item.weapons or item.sites))
        if not refers and item.weapons and _WEAPONS_USED.match(item.text) and current.members:
            # "They used artillery and kamikaze drones.": the weapons of the attack just told
            refers = item.sentence.paragraph - current.members[-1].sentence.paragraph <= 2
        if not refers and item.damage and not item.figurative and current.members:
            refers = self._damage_follows(item, current)
        if refers and (item.harms or current.has_harm or item.sites):
            current.attach(item)
            districts = item.districts_without_city
            if districts and current.district is None:
                current.district = districts[0].name
        elif item.denied and not item.harms and current.has_harm and self._closes(current, item):
            current.close(item)  # "A house was damaged. There were no casualties.": of the incident just told

    def _region_tallied_before(self, item: Analysis) -> str | None:
        """The region of a tally told just before (one region, no settlement), or of the attack of that tally told
        just before, when the sentence tells harm with figures in one attack of its own."""
        if item.update or item.aggregate or item.anaphora or not ONE_ATTACK_TOLD.search(item.text):
            return None
        if not item.harms or any(h.value is None for h in item.harms):
            return None  # "Three other people were wounded when a drone crashed into their house": others of the tally
        current, latest = self.current, self.latest
        if current is not None and current.opening is self.tallied_opening and current.region is not None:
            if _RETOLD_VICTIM.match(item.text):
                return None  # "She was one of two people wounded in an attack on the bus": the attack just told
            # "A woman riding on a bus was hospitalized ... Three other people were wounded when a drone crashed"
            return current.region if item.sentence.paragraph - current.last.sentence.paragraph <= 1 else None
        if latest is None or not latest.aggregate or not self._just_before(latest, item):
            return None
        regions = {m.name for m in latest.places if m.kind == "region"}
        if len(regions) != 1 or any(m.kind == "city" for m in latest.places):
            return None
        return next(iter(regions))

    def _open_in_region(self, item: Analysis, current: Frame, own_date: date_rules.DateMention | None) -> None:
        """A region-level incident in the speaker's region, or else the open incident's, for harm told of a
        settlement the sentence does not name."""
        if item.update or item.aggregate or not all(h.value is not None for h in item.harms):
            return
        speakers = place_rules.titled_regions(item.text)
        region = next(iter(speakers)) if len(speakers) == 1 else current.region
        if region is not None:
            self._open(Frame(None, region, None, None, item, own_date, new_cue=True))

    def _to_speakers_region(self, item: Analysis) -> None:
        """Harm told by the official of one region, not the open incident's: that region's region-level incident
        told earlier ("Three more deaths were reported in the Kyiv region" ... "The Kyiv regional head stated that
        three people were killed"); for a sentence that refers back, its incident in that region told earlier ("the
        morning attack wounded 31"); else, with figures, a region-only incident of its own ("Voronezh governor
        Alexander Gusev said a civilian was wounded"), unless it tells a city it does not name ("in the city")."""
        speakers = place_rules.titled_regions(item.text)
        if len(speakers) != 1:
            return
        region = next(iter(speakers))
        recent = [frame for frame in reversed(self.frames[-8:]) if frame.has_harm]
        told = next((frame for frame in recent if frame.city is None and frame.region == region), None)
        if told is None and item.anaphora:
            told = next((frame for frame in recent if frame.known_region == region), None)
        if told is not None:
            told.attach(item)
            return
        its_own = not (item.anaphora or item.update or item.aggregate or CITY_ANAPHOR.search(item.text))
        if its_own and all(h.value is not None for h in item.harms):
            self._open(Frame(None, region, None, None, item, sentence_date(item), new_cue=True))

    def _after_several_places(self, item: Analysis) -> bool:
        """The sentence before, in the same paragraph, told harm in several settlements."""
        latest = self.latest
        if latest is None or latest.sentence.paragraph != item.sentence.paragraph or not latest.harms:
            return False
        return len({m.name for m in latest.places if m.kind == "city"}) >= 2 and not item.anaphora

    def _closes(self, current: Frame, item: Analysis) -> bool:
        """A sentence that names no place closes the incident told last: at most three paragraphs on, with nothing
        between that tells harm, damage, an attack, a weapon or another place ("... four other houses were damaged.
        This was reported by the regional governor. There were no civilian casualties.")."""
        if not current.members:
            return False
        last = current.last.sentence
        if item.sentence.paragraph - last.paragraph > 3:
            return False
        between = [
            other
            for other in in_paragraphs(self.analyses, last.paragraph, item.sentence.paragraph + 1)
            if last.index < other.sentence.index < item.sentence.index
        ]
        return all(
            not (other.harms or other.sites or other.attack or other.weapons)
            and all(m.kind != "city" and (m.kind != "region" or m.name == current.region) for m in other.places)
            for other in between
        )

    def _another_city(self, current: Frame | None, city: str | None) -> bool:
        """No incident is open, or the open one is another city's and the sentence naming `city` is not in it."""
        if current is None:
            return True
        return current.city != city and self.latest is not None and not current.has_member(self.latest)

    def _place_told_before(self, item: Analysis) -> tuple[str | None, str | None] | None:
        """The one settlement named by the sentence before in the paragraph (or its one region, for an attack with
        a weapon told there, when the report has named no settlement so far), for figures told with no place when
        no incident is open; never for a total, an update or a vague count."""
        latest = self.latest
        if latest is None or latest.aggregate or not self._just_before(latest, item):
            return None
        if latest.figurative or item.update or not item.harms or any(h.value is None for h in item.harms):
            return None
        one_attack = ONE_ATTACK_TOLD.search(item.text) and not SETTLEMENT_TALLY.search(latest.text)
        if TALLY.search(latest.text) and not one_attack:
            return None  # "Russia attacked 21 settlements, including Kherson. The attacks killed two": a total
        cities = {m.name for m in latest.places if m.kind == "city"}
        regions = {m.name for m in latest.places if m.kind == "region"}
        if not cities and len(regions) == 1 and latest.weapons and self.current is None and not self.named:
            # "The Russians directed an FPV drone at one of the villages in the Polohy district. The strike hit the
            # roadway. A man was injured": one attack in the region, no settlement named
            return None, next(iter(regions))
        if len(cities) != 1:
            return None
        city = next(iter(cities))
        # "a strike on the village of Zolochiv, Kharkiv region": the namesake in the region named, not the larger
        # Zolochiv of Lviv Oblast
        named_region = next(iter(regions)) if len(regions) == 1 else None
        found = (named_region and place_rules.city_lookup(city, named_region)) or place_rules.city_lookup(city)
        region = found.region if found is not None else None
        if regions and region not in regions:
            return None  # "Kherson and Kherson Oblast", or a settlement the gazetteer places elsewhere
        return city, region or (next(iter(regions)) if regions else None)

    def _just_before(self, latest: Analysis, item: Analysis) -> bool:
        """`latest` is in the sentence's paragraph, or is the sentence right before it, closing the paragraph of prose
        before ("Russian troops are moving deeper into Severodonetsk." / "Two civilians killed and five wounded by
        Russian shelling.")."""
        if latest.sentence.paragraph == item.sentence.paragraph:
            return True
        return latest.sentence.paragraph == self.previous_prose and latest.sentence.index == item.sentence.index - 1

    def _elsewhere(self, current: Frame) -> bool:
        """The last sentence that named a place, after the incident, named another region than the incident's."""
        latest = self.latest
        if latest is None or current.has_member(latest) or current.region is None:
            return False
        regions = {m.name for m in latest.places if m.kind == "region"}
        cities = {m.name for m in latest.places if m.kind == "city"}
        return bool(regions) and current.region not in regions and current.city not in cities

    def _damage_follows(self, item: Analysis, current: Frame) -> bool:
        """Damage told right after the incident is its damage ("A fire broke out at an enterprise"), unless a
        sentence about another place came after the incident. Up to three paragraphs later it still is when only
        attribution is between ("This was reported on Telegram by ...")."""
        if not (self.latest is None or current.has_member(self.latest)):
            return False
        last = current.members[-1].sentence.paragraph
        paragraph = item.sentence.paragraph
        if last in (paragraph, self.previous_prose):
            return True
        if paragraph - last > 3 or PLURAL_ATTACKS.search(item.text):
            return False
        between = (other for other in in_paragraphs(self.analyses, last + 1, paragraph) if not other.sentence.heading)
        return all(not other.harms and not other.sites and ATTRIBUTION.search(other.text) for other in between)

    def _read_place(self, item: Analysis, group: PlaceGroup) -> None:
        """A place the sentence tells of: the city of the region-level incident before, more of the incident
        before, or another incident."""
        part = item if group.span is None else clause_part(item, group.span, group.harms)
        current = self.current
        if current is not None and _refines(current, self.frames, self.analyses, part, group.city, group.harms):
            # "a missile struck a ship in a port in Odesa region" ... "at the port of Chornomorsk": the city of the
            # region-level incident just told
            current.city, current.city_written = group.city, group.written
            current.district = current.district or group.district
            current.attach(part, group.harms)
            return
        if current is not None and _locates(current, self.frames, part, group):
            # "A Russian drone has attacked two civilians in the Sumy hromada ... The attack occurred on a road within
            # an area governed by the Stetskivka village council": where in its area the attack told before was
            current.city, current.city_written = group.city, group.written
            current.attach(part, group.harms)
            return
        own_date = sentence_date(part)
        if current is not None and _continues(current, part, group, own_date):
            return
        # "at the site of yesterday's missile attack" refers back only when an incident was told before
        refers_back = part.anaphora and bool(self.frames)
        opens_attack = part.attack and (part.weapons or own_date or part.new_cue) and not refers_back
        if not (group.harms or part.sites) and not opens_attack:
            return  # a place mentioned without an attack on it ("Earlier in the day, Russian forces attacked X" is one)
        if not group.harms and len({m.name for m in part.places if m.kind == "city"}) > 1:
            return  # "Russia also struck the capital, Kyiv, and the northeastern city of Kharkiv": whose harm follows?
        if not (group.harms or part.sites) and MANY_SETTLEMENTS.search(part.text):
            return  # "Russia attacked several communities in the Sumy region": the harm told next is one of them
        if own_date is None and current is not None and SAME_DAY.search(part.text):
            own_date = current.date
        city, region, district, written, harms, _, _ = group
        self._open(Frame(city, region, district, written, part, own_date, new_cue=part.new_cue), harms)

    def _open(self, frame: Frame, harms: list[Harm] | None = None) -> None:
        if self.current is not None and not self.current.has_harm and self.frames and self.frames[-1] is self.current:
            self.frames.pop()  # an attack sentence that no harm followed
        frame.attach(frame.opening, harms)
        self.current = frame
        self.frames.append(frame)


# "Meanwhile, in Ukraine's Kharikv region": a switch to a place the gazetteer does not read
_SWITCH_TO_UNREAD_PLACE = re.compile(
    r"^(?:[Mm]eanwhile|[Ee]lsewhere|[Ss]eparately),?\s+(?:in|on|near)\s+(?:the\s+)?(?:[\w'’-]+['’]s\s+)?[A-Z]"
)

# "A child was also wounded in Kleban-Byk": harm in a named place the gazetteer does not read
_HARMED_IN_UNREAD_PLACE = re.compile(
    r"\b(?:killed|wounded|injured|died|hurt)\s+in\s+(?:the\s+(?:village|town|city|settlement)\s+of\s+)?"
    r"(?!(?:Ukraine|Russia|January|February|March|April|May|June|July|August|September|October|November|December)\b)"
    r"[A-Z][a-z’']+(?:-[A-Z][a-z’']+)?\b"
)


# "Zaporizhzhia is a large city that had a population of ...": the sentence introduces the city by name
_IS_A_CITY = re.compile(
    r"\s+is\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:city|town|village|(?:regional\s+)?capital|centre|center)\b",
    re.IGNORECASE,
)


def _introduces_city(item: Analysis, group: PlaceGroup) -> bool:
    """The sentence opens with the city's name and says what it is ("Zaporizhzhia is a large city")."""
    mentions = [m for m in item.places if m.kind == "city"]
    return (
        len(mentions) >= 1
        and mentions[0].start == 0
        and mentions[0].name == group.city
        and _IS_A_CITY.match(item.text, mentions[0].end) is not None
    )


def _told_of_elsewhere(item: Analysis, current: Frame) -> bool:
    """Harm with no place of its own that is told of another place than the open incident's: after a switch
    to a place the gazetteer does not know, or by the official of another region."""
    if _SWITCH_TO_UNREAD_PLACE.match(item.text) or _HARMED_IN_UNREAD_PLACE.search(item.text):
        return True
    speakers = place_rules.titled_regions(item.text)
    if not speakers:
        return False
    if current.city is not None and any(place_rules.city_lookup(current.city, region) for region in speakers):
        return False  # "Shevchenkove" (a name of many regions' villages) ... "governor of the Kharkiv region": its own
    return current.known_region not in speakers


def _continues(current: Frame, part: Analysis, group: PlaceGroup, own_date: date_rules.DateMention | None) -> bool:
    """The clause is told of the same place as the incident before, on its day, and tells no other incident:
    it is attached when it tells harm, sites or refers back."""
    if not _same_place(current, group.city, group.region, group.district):
        return False
    if group.city is None and group.raion and current.city not in (None, group.raion):
        return False  # "an air strike against the Beryslav district": another part of the region than the city
    if not current.has_harm and (group.harms or part.sites):
        return False  # an attack sentence ("Russia pounded Kharkiv") gives way to the incident itself
    if part.new_cue:
        return False
    if part.attack and not part.anaphora and current.spared & {harm.kind for harm in group.harms}:
        # "... no one was injured. ... on October 5, the Russian troops attacked civilians in the Dniprovskyi
        # district of Kherson with a drone injuring four people": harm the incident was said to have spared, told
        # with an attack of its own, is another attack's
        return False
    if own_date is not None and current.date is not None and not same_night(current.date, own_date):
        return False
    # "The enemy shelled the village of Kutsurub at 10:35 yesterday": the attack told again, with its weapon
    if group.harms or part.sites or part.anaphora or _attack_retold(part):
        current.attach(part, group.harms)
        if current.district is None and group.district:
            current.district = group.district
        if current.date is None:
            current.date = own_date
    return True


def _attack_retold(part: Analysis) -> bool:
    """ "The enemy shelled the village of Kutsurub at 10:35 yesterday, 8 August": the attack told again (on its
    day, when a date is told), with its weapon; not a habit or a history ("under near-constant shelling since the
    start of the war")."""
    if not (part.attack and part.weapons):
        return False
    return not (HABITUAL.search(part.text) or STRONG_AGGREGATE.search(part.text) or PERIOD.search(part.text))


def _same_place(frame: Frame, city: str | None, region: str | None, district: str | None) -> bool:
    if city is not None and frame.city is not None:
        if city != frame.city:
            return False
        return not (district and frame.district and district != frame.district)
    if city is None and frame.city is None:
        return region == frame.region
    if city is None:
        return region is not None and region == frame.region
    return False


def _refines(
    current: Frame, frames: list[Frame], analyses: list[Analysis], item: Analysis, city: str | None, harms: list[Harm]
) -> bool:
    """A city told right after an incident known only by its region, in that region, with nothing new of its own."""
    if current.city is not None or current.region is None or city is None:
        return False
    if not frames or frames[-1] is not current or not current.has_harm or item.new_cue:
        return False
    last = current.members[-1].sentence.paragraph
    # paragraphs apart, only with a source line or a quote's opening between, and nothing hit of its own
    apart = item.sentence.paragraph - last > 1
    if apart and (item.sites or not _only_attribution(analyses, last, item.sentence.paragraph)):
        return False
    if apart and not (item.attack or item.anaphora or _TOOK_PLACE.search(item.text)):
        return False  # "the Defense Ministry claimed its forces had cleared the village of Kozinka": no attack told
    if harms and not item.anaphora:
        return False
    if any(_EVENT_NAMED.match(item.text, m.end) for m in item.places if m.kind == "city" and m.name == city):
        return False  # "provided details of the Sumy assault": the attack told before, named by its region's city
    if any(m.kind == "region" and m.city == city for member in current.members for m in member.places):
        return False  # "the Russian shelling of Kharkiv district" ... "Kharkiv": a raion is never its namesake town
    if MANY_SETTLEMENTS.search(item.text) or len({m.name for m in item.places if m.kind == "city"}) > 1:
        return False  # "Multiple settlements in the region, including ... Bakhmut", "in Mariupol and Volnovakha"
    if not item.sites and _OUTAGE.search(item.text) and not _attacked(item, city):
        return False  # "one district of the regional capital Kropyvnytskyi had been left without power": an outage
    if not harms and _MANY_REGIONS.search(item.text):
        return False  # "Russian drones targeted nine regions across the country including Kyiv": one of many
    kinds = {site.code for site in current.sites}
    fresh = [site for site in item.sites if not (site.code in kinds and ends_at(DEFINITE, item.text, site.start))]
    if fresh and not item.anaphora:
        return False  # "In Izmail, a drone damaged a grain silo": something else hit there ("the vessel" is not)
    told = {weapon.code for member in current.members for weapon in member.weapons}
    if told and any(not _compatible(weapon.code, told) for weapon in item.weapons):
        return False
    own = sentence_date(item)
    if own is not None and current.date is not None and own.day != current.date.day:
        return False
    # in that region, or a village the text calls one ("the village of Topolyne") that the gazetteer does not
    # know there
    if place_rules.city_lookup(city, current.region) is not None:
        return True
    # ("the village of Malinovka", read as Malynivka)
    cues = (*place_rules.SETTLEMENT_CUE.finditer(item.text), *place_rules.SETTLEMENT_APPOSED.finditer(item.text))
    return any(cue["name"].startswith(city) or place_rules.city_name(cue["name"]) == city for cue in cues)


# "She was one of two people wounded ...": the victim of the attack just told ("The woman ..." refers back too, as
# Analysis.anaphora says)
_RETOLD_VICTIM = re.compile(r"(?:she|he|they|both)\b", re.IGNORECASE)
# "The attack occurred ...", "the strike took place in ...": the sentence tells where the attack told before was
_TOOK_PLACE = re.compile(
    r"\b(?:the|this)\s+(?:[\w-]+\s+)?(?:attack|strike|shelling|incident|tragedy)\s+(?:\w+\s+)?"
    r"(?:occurred|took\s+place|happened)\b",
    re.IGNORECASE,
)


# "left without power", "without electricity": where the grid failed, not where the strike was
_OUTAGE = re.compile(
    r"\b(?:left|remain(?:s|ed)?|are|is|were|was)\s+(?:[\w-]+\s+){0,2}?without\s+(?:power|electricity|water|heating|gas|"
    r"light)\b|\b(?:power|electricity)\s+(?:outages?|cuts?)\b",
    re.IGNORECASE,
)


def _attacked(item: Analysis, city: str) -> bool:
    """The sentence tells an attack on the city ("A drone hit Shostka", "struck the town of Shostka")."""
    return any(
        ends_at(_ATTACK_VERB_BEFORE, item.text, mention.start)
        for mention in item.places
        if mention.kind == "city" and mention.name == city
    )


_ATTACK_VERB_BEFORE = re.compile(
    r"\b(?:hit|hits|struck|strikes|attacked|attacks|shelled|targeted|pounded)\s+(?:the\s+(?:city|town|village)\s+of\s+)?$",
    re.IGNORECASE,
)


def _locates(current: Frame, frames: list[Frame], part: Analysis, group: PlaceGroup) -> bool:
    """The sentence tells, of the incident just told, the settlement in its area where it took place: one
    settlement of the incident's region, no harm or date of its own."""
    if group.city is None or group.city == current.city or group.harms or not current.has_harm:
        return False
    if not frames or frames[-1] is not current or not _TOOK_PLACE.search(part.text):
        return False
    if len({m.name for m in part.places if m.kind == "city"}) != 1:
        return False
    own = sentence_date(part)
    if own is not None and current.date is not None and own.day != current.date.day:
        return False
    region = current.known_region
    if place_rules.city_lookup(group.city) is None:
        return True  # a settlement the text marks as one ("the Stetskivka village council") that the gazetteer lacks
    return region is not None and place_rules.city_lookup(group.city, region) is not None


def _next_sentence(unnamed: Analysis, item: Analysis) -> bool:
    """ "Russian terrorists killed an 18-year-old boy. He was injured in an enemy attack on Mezhove community": the
    attack told in the very next sentence of the paragraph is the one the harm came from."""
    return item.sentence.paragraph == unnamed.sentence.paragraph and item.sentence.index == unnamed.sentence.index + 1


def _only_attribution(analyses: list[Analysis], last: int, paragraph: int) -> bool:
    """The paragraphs between two tell no harm, no damage and no place: a source line, a note."""
    between = [other for other in in_paragraphs(analyses, last + 1, paragraph) if not other.sentence.heading]
    return paragraph - last <= 3 and all(
        not other.harms and not other.sites and not any(m.kind == "city" for m in other.places) for other in between
    )


def _compatible(code: str, told: set[str]) -> bool:
    """The same weapon told again, or a more or less specific name of it ("the missile" ... "the Kh-22")."""
    return code in told or any(code in family and told & family for family in _FAMILIES)


def _report_city(
    item: Analysis, current: Frame | None, named: list[str], own_date: date_rules.DateMention | None
) -> tuple[str, str | None] | None:
    """The place of a harm sentence that names none, when it is not the incident before: another district or
    day of the incident's city ("Two days later, a missile attack on the city's Kovpakivskyi district killed
    two"), or the one place a feature is about ("On Wednesday, a drone dropped an explosive device on her house")."""
    if item.aggregate or item.update:
        return None
    if current is not None and current.city is not None and _another_district(item, current):
        return current.city, current.region
    if not _harm_of_its_own(item, current, own_date):
        return None
    if current is not None:
        return _another_day(item, current, own_date)
    return _feature_place(item, named)


def _another_district(item: Analysis, current: Frame) -> bool:
    """ "A guided bomb fell in Saltivskyi district, damaging a sports complex": another part of the city."""
    districts = item.districts_without_city
    return bool(
        current.district
        and districts
        and districts[0].name != current.district
        and (item.harms or item.sites)
        and (item.attack or item.weapons)
    )


def _harm_of_its_own(item: Analysis, current: Frame | None, own_date: date_rules.DateMention | None) -> bool:
    """The sentence tells its own attack, or harm on another day, with figures."""
    # "Two days earlier a woman was killed while riding her bicycle": another day needs no attack word
    other_day = bool(
        current is not None
        and own_date is not None
        and current.date is not None
        and own_date.day != current.date.day
        and date_rules.counted_from_before(own_date)
        and not any(h.delta for h in item.harms)
    )
    if not item.harms or not (item.attack or item.weapons or other_day):
        return False
    return all(h.value is not None or h.children is not None for h in item.harms)


# "in another attack", "a separate drone strike", "in a separate incident", "another car was hit"
_SEPARATE_ATTACK = re.compile(
    r"\b(?:another|a\s+separate|separate)\s+(?:[\w-]+\s+){0,2}?(?:attack|strike|incident|shelling)s?\b|"
    r"\banother\s+(?:car|vehicle|bus|house|home|building)\s+(?:was|has\s+been)\s+(?:attacked|hit|struck|targeted)\b",
    re.IGNORECASE,
)


# "a week after another fatal attack" (recalled), "It was another attack on civilians" (said of this one)
_NOT_SEPARATE_BEFORE = re.compile(
    r"\b(?:after|since|following|like|than|before|(?:is|was|it'?s|this\s+is|marks|became)(?:\s+yet)?)\s+$",
    re.IGNORECASE,
)
# "As of 6 a.m. on June 28", "until 18 November": the day a toll was told, not the day of an attack
_STATUS_DATE = re.compile(r"\b(?:as\s+of|as\s+at|until|by)\s+(?:\S+\s+){0,3}?\d", re.IGNORECASE)
# "another strike hit the same building", "a separate attack on the city": the city of the incident before
_SAME_PLACE = re.compile(
    r"\bthe\s+same\s+(?:building|street|house|site|area|place|district|neighbou?rhood)\b|"
    r"\b(?:on|in|at)\s+the\s+(?:city|town|village)\b",
    re.IGNORECASE,
)


def _separate_attack(item: Analysis, current: Frame, own_date: date_rules.DateMention | None) -> bool:
    """Harm with figures of an attack the sentence tells apart from the incident before: another attack, or a
    day told by its date two days or more from the incident's. Not a toll update ("As of June 28, 16 were
    killed"), nor "one of the injured died", nor a day counted from the incident's or a statement's day ("On 18
    November, the prosecutor's office reported ..."), nor an attack recalled as background ("a week after
    another fatal attack") or said of this one ("It was another attack on civilians")."""
    if not item.harms or item.update or item.aggregate or item.places or _STATUS_DATE.search(item.text):
        return False
    if any(h.value is None or h.delta or h.earlier for h in item.harms):
        return False
    separate = _SEPARATE_ATTACK.search(item.text)
    if separate is not None:
        return not ends_at(_NOT_SEPARATE_BEFORE, item.text, separate.start())
    return (
        own_date is not None
        and current.date is not None
        and not own_date.relative
        and own_date.shift is None
        and not item.anaphora
        and (item.statement is None or item.statement.day != own_date.day)
        and abs((own_date.day - current.date.day).days) >= 2
    )


def _another_day(
    item: Analysis, current: Frame, own_date: date_rules.DateMention | None
) -> tuple[str, str | None] | None:
    """The incident's city, when the sentence opens another incident (or tells a relative day) on another day."""
    if current.city is None or not (item.new_cue or any(m.relative for m in item.dates)):
        return None
    if own_date is None or current.date is None or own_date.day == current.date.day:
        return None
    return current.city, current.region


def _feature_place(item: Analysis, named: list[str]) -> tuple[str, str | None] | None:
    """The one city a report names, for a concrete object hit there that no sentence placed."""
    if not item.sites or any(is_barrage(item.text, weapon) for weapon in item.weapons):
        return None  # a concrete object hit, not a barrage ("80 drones overnight, killing two")
    if len(named) != 1 or UNNAMED_CITY.search(item.text):
        return None  # "MOSCOW: A drone crashed into an apartment building in southern Russia": not the dateline's city
    found = place_rules.city_lookup(named[0])
    return (found.city, found.region) if found is not None and found.city is not None else None
