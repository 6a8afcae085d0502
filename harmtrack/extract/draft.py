"""A draft incident: the record fields the text supports, and the evidence."""

from dataclasses import dataclass, field


@dataclass
class Draft:
    uid: str
    date: str
    date_precision: str
    country: str | None = None
    region: str | None = None
    city: str | None = None
    district: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    weapon: str = "unknown"
    weapon_detail: str | None = None
    perpetrator: str | None = None
    killed: int | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    injured: int | None = None
    injured_min: int | None = None
    injured_max: int | None = None
    children_killed: int | None = None
    children_injured: int | None = None
    damaged: list[str] = field(default_factory=list)  # kind:name
    evidence: str = ""
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why a field has the value it has
    confidence: float = 1.0  # 0-1, from the evidence (see confidence.py): a reviewer reads the lowest first
    doubts: list[str] = field(default_factory=list)  # what lowered the confidence
    denied: list[str] = field(default_factory=list)  # counts that are 0 because the report says nobody suffered them

    def raw(self) -> dict:
        """The raw row model.validate() turns into a record."""
        return {
            "uid": self.uid,
            "date": self.date,
            "date_precision": self.date_precision,
            "country": self.country,
            "region": self.region,
            "city": self.city,
            "district": self.district,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "weapon": self.weapon,
            "weapon_detail": self.weapon_detail,
            "perpetrator": self.perpetrator,
            "killed": self.killed,
            "killed_min": self.killed_min,
            "killed_max": self.killed_max,
            "injured": self.injured,
            "injured_min": self.injured_min,
            "injured_max": self.injured_max,
            "children_killed": self.children_killed,
            "children_injured": self.children_injured,
            "damaged": list(self.damaged),
            "status": "unverified",
            "description": self.evidence,
            "sources": list(self.sources),
        }
