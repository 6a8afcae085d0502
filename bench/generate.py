"""Generate N canonical incident rows with realistic shapes, deterministically.

    python bench/generate.py 100000 > incidents.csv
    python bench/generate.py 1000 --seed 7 --format jsonl > incidents.jsonl

The same N and seed give the same bytes. Shapes follow what a casualty
recorder's database looks like: incidents spread over ~300 settlements with a
heavy tail (a few cities hold most of them), weapons skewed towards artillery,
glide bombs and drones, about 10% unknown counts, some ranges where sources
disagree, children among the victims, lists of damaged sites, descriptions
with Cyrillic, quotes, commas, semicolons and the odd line break.
"""

import argparse
import random
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harmtrack.io.writers import write_records

CITIES = [
    ("Kharkiv", "Kharkiv Oblast", 49.99, 36.23),
    ("Kherson", "Kherson Oblast", 46.64, 32.61),
    ("Zaporizhzhia", "Zaporizhzhia Oblast", 47.84, 35.14),
    ("Odesa", "Odesa Oblast", 46.48, 30.72),
    ("Kyiv", "Kyiv City", 50.45, 30.52),
    ("Dnipro", "Dnipropetrovsk Oblast", 48.46, 35.05),
    ("Sumy", "Sumy Oblast", 50.91, 34.80),
    ("Mykolaiv", "Mykolaiv Oblast", 46.97, 31.99),
    ("Kramatorsk", "Donetsk Oblast", 48.72, 37.56),
    ("Sloviansk", "Donetsk Oblast", 48.85, 37.60),
    ("Pokrovsk", "Donetsk Oblast", 48.28, 37.18),
    ("Kostiantynivka", "Donetsk Oblast", 48.53, 37.71),
    ("Nikopol", "Dnipropetrovsk Oblast", 47.57, 34.39),
    ("Chernihiv", "Chernihiv Oblast", 51.49, 31.29),
    ("Kupiansk", "Kharkiv Oblast", 49.71, 37.62),
    ("Bakhmut", "Donetsk Oblast", 48.59, 38.00),
    ("Avdiivka", "Donetsk Oblast", 48.14, 37.74),
    ("Kryvyi Rih", "Dnipropetrovsk Oblast", 47.91, 33.39),
    ("Lviv", "Lviv Oblast", 49.84, 24.03),
    ("Vinnytsia", "Vinnytsia Oblast", 49.23, 28.47),
    ("Poltava", "Poltava Oblast", 49.59, 34.55),
    ("Izium", "Kharkiv Oblast", 49.21, 37.26),
    ("Huliaipole", "Zaporizhzhia Oblast", 47.66, 36.26),
    ("Orikhiv", "Zaporizhzhia Oblast", 47.57, 35.78),
    ("Beryslav", "Kherson Oblast", 46.84, 33.43),
]
ROOTS = ["ivanivka", "petrivka", "mykolaivka", "oleksandrivka", "andriivka", "vasylivka", "mykhailivka",
         "novoselivka", "stepove", "zorya", "hrushivka", "kamianka", "berezivka", "dolynka", "topoli",
         "lozova", "myrne", "sadove", "pryvillia", "yasenove"]  # fmt: skip
PREFIXES = ["", "Nova ", "Stara ", "Velyka ", "Mala ", "Verkhnia ", "Nyzhnia "]
WEAPONS = [("artillery", 30), ("glide-bomb", 14), ("drone", 16), ("loitering-munition", 9), ("mlrs", 8),
           ("ballistic-missile", 4), ("cruise-missile", 3), ("missile", 3), ("anti-aircraft-missile", 2),
           ("aerial-bomb", 2), ("mine", 3), ("debris", 2), ("cluster-munition", 1), ("small-arms", 1),
           ("unknown", 12)]  # fmt: skip
DETAILS = {
    "glide-bomb": ["KAB-500", "KAB-1500", "FAB-500 UMPK"],
    "loitering-munition": ["Shahed-136", "Geran-2"],
    "ballistic-missile": ["Iskander-M", "KN-23"],
    "cruise-missile": ["Kh-101", "Kalibr"],
    "mlrs": ["Grad", "Uragan", "Smerch"],
    "anti-aircraft-missile": ["S-300"],
    "drone": ["FPV", "Lancet"],
}
KINDS = ["residential"] * 8 + ["commercial", "industrial", "energy", "education", "medical", "transport",
                                "infrastructure", "religious", "cultural", "humanitarian", "food"]  # fmt: skip
SITE_NAMES = {"residential": ["apartment building", "private house", "dormitory"], "education": ["school No. 5",
              "kindergarten \"Sonechko\""], "medical": ["hospital", "clinic"]}  # fmt: skip
STATUSES = ["unverified"] * 6 + ["corroborated"] * 3 + ["confirmed", "contested", "discounted"]
PHRASES = [
    "Strike on a residential area",
    "Обстріл житлового кварталу",
    'Residents said the "second strike" hit rescuers',
    "Удар по центру міста; пошкоджено школу",
    "Shelling at night, the regional administration reported",
    "Атака дронів на енергетичну інфраструктуру",
    "A market was hit, according to the mayor, around noon",
    "Загинули цивільні, серед них діти",
]


def cities(rng: random.Random) -> list[tuple[str, str, float, float]]:
    places = list(CITIES)
    seen = {name for name, *_ in places}
    while len(places) < 300:
        name = rng.choice(PREFIXES) + rng.choice(ROOTS).capitalize() + rng.choice(["", " Persha", " Druha"])
        if name in seen:
            continue
        seen.add(name)
        _, region, lat, lon = rng.choice(CITIES)
        places.append((name, region, round(lat + rng.uniform(-0.6, 0.6), 4), round(lon + rng.uniform(-0.6, 0.6), 4)))
    return places


def count(rng: random.Random, scale: float) -> int | None:
    if rng.random() < 0.10:
        return None
    return min(int(rng.expovariate(1 / scale)), 500)


FIRST_DAY, LAST_DAY = date(2022, 2, 24), date(2025, 12, 31)


def records(n: int, seed: int, first: date = FIRST_DAY, last: date = LAST_DAY):
    rng = random.Random(seed)
    places = cities(rng)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(places))]
    weapon_names = [name for name, _ in WEAPONS]
    weapon_weights = [weight for _, weight in WEAPONS]
    start, span = first, (last - first).days
    for _ in range(n):
        city, region, lat, lon = rng.choices(places, weights)[0]
        day = start + timedelta(days=rng.randrange(span))
        precision = rng.choices(["day", "week", "month"], [94, 3, 3])[0]
        if precision == "week":
            day -= timedelta(days=day.weekday())
        elif precision == "month":
            day = day.replace(day=1)
        weapon = rng.choices(weapon_names, weapon_weights)[0]
        killed, injured = count(rng, 1.5), count(rng, 4)
        record = {
            "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "date": day.isoformat(),
            "date_precision": precision,
            "country": "Ukraine",
            "region": region,
            "city": city,
            "district": rng.choice([None] * 9 + ["Osnovyanskyi district"]),
            "place": rng.choice([None, None, "near the railway station", "вул. Шевченка, 12"]),
            "latitude": round(lat + rng.uniform(-0.05, 0.05), rng.choice([4, 5, 6])) if rng.random() < 0.7 else None,
            "weapon": weapon,
            "weapon_detail": rng.choice(DETAILS.get(weapon, [None])) if rng.random() < 0.5 else None,
            "perpetrator": rng.choice(["Russian armed forces", None]),
            "killed": killed,
            "killed_min": None,
            "killed_max": None,
            "injured": injured,
            "injured_min": None,
            "injured_max": None,
            "children_killed": None,
            "children_injured": None,
            "status": rng.choice(STATUSES),
        }
        record["longitude"] = round(lon + rng.uniform(-0.05, 0.05), 5) if record["latitude"] is not None else None
        if killed is not None and rng.random() < 0.05:
            record["killed_min"], record["killed_max"] = max(0, killed - rng.randint(0, 2)), killed + rng.randint(1, 5)
        if injured is not None and rng.random() < 0.05:
            record["injured_min"], record["injured_max"] = max(0, injured - 3), injured + rng.randint(1, 10)
        if killed and rng.random() < 0.15:
            record["children_killed"] = rng.randint(0, killed)
        if injured and rng.random() < 0.15:
            record["children_injured"] = rng.randint(0, injured)
        damaged = []
        for _ in range(rng.choices([0, 1, 2, 3], [40, 35, 15, 10])[0]):
            kind = rng.choice(KINDS)
            damaged.append((kind, rng.choice(SITE_NAMES.get(kind, ["building", "warehouse; block B"]))))
        record["damaged"] = damaged
        text = rng.choice(PHRASES)
        if rng.random() < 0.1:
            text += "\n" + rng.choice(PHRASES)
        record["description"] = text if rng.random() < 0.9 else None
        record["sources"] = [
            {"url": f"https://example.org/news/{rng.getrandbits(40):x}", "publisher": None, "published": None}
            for _ in range(rng.choices([1, 2, 3], [60, 30, 10])[0])
        ]
        yield record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("csv", "json", "jsonl"), default="csv")
    parser.add_argument(
        "--from",
        dest="first",
        type=date.fromisoformat,
        default=FIRST_DAY,
        help=f"first day of the incidents (default {FIRST_DAY}; a later day gives the next months' reports)",
    )
    parser.add_argument("--to", dest="last", type=date.fromisoformat, default=LAST_DAY, help=f"default {LAST_DAY}")
    args = parser.parse_args()
    with open(sys.stdout.fileno(), "w", encoding="utf-8", newline="", buffering=1 << 20, closefd=False) as stream:
        write_records(records(args.n, args.seed, args.first, args.last), args.format, stream)


if __name__ == "__main__":
    main()
