"""HXL hashtags for the CSVs harmtrack writes (`export --hxl`).

The Humanitarian Exchange Language (hxlstandard.org) adds one row under a
CSV's header that says what each column holds, so humanitarian tools (HDX,
the HXL Proxy, Quick Charts) can read a table without knowing its column
names. The tags follow HXL's dictionary and the way HDX tags ACLED's conflict
data (`#event+code`, `#date+occurred`, `#adm1+name`, `#loc+name`, `#geo+lat`,
`#affected+killed`, `#meta+source`, `#description`); where the dictionary has
no hashtag of its own (a weapon, a date's precision, a list's position), a
dictionary hashtag takes a custom attribute, as HXL allows, so no column goes
untagged. Choices worth knowing:

- The incident's uid is `#event+id`: HXL's identifier attribute for events.
- The city is `#loc+name` (ACLED's location); the district and the place as
  written take extra attributes, so a tool asking for `#loc+name` gets the
  city, the first matching column.
- Children are `+children` on the same `#affected+killed` / `#affected+injured`
  tags, and a range's ends `+min` / `+max`: a tool that sums `#affected+killed`
  must exclude them (`#affected+killed-children-min-max`), as with any HXL
  disaggregation.
- The weapon family is the event's type (`#event+type+weapon`); the
  perpetrator is a `#group`, as ACLED's actors are.
- The date's precision (day, week, month, year) is metadata about the date
  (`#meta+date_precision`), not a date: HXL tools check that a `#date` column
  holds dates. HDX leaves ACLED's time_precision untagged.
- A damaged site is a location (`#loc+damaged`; in damaged.csv its kind and
  name, `#loc+type+damaged` and `#loc+name+damaged`); a source is the row's
  `#meta+source`, as in ACLED, its publisher `#meta+source+publisher` and its
  date `#date+reported`.

`harmtrack import` does not read the hashtag row: export without --hxl for that.
"""

from collections.abc import Sequence

HASHTAGS = {
    # incidents.csv: the canonical columns
    "uid": "#event+id",
    "date": "#date+occurred",
    "date_precision": "#meta+date_precision",
    "country": "#country+name",
    "region": "#adm1+name",
    "city": "#loc+name",
    "district": "#loc+name+district",
    "place": "#loc+name+site",
    "latitude": "#geo+lat",
    "longitude": "#geo+lon",
    "weapon": "#event+type+weapon",
    "weapon_detail": "#event+weapon+detail",
    "perpetrator": "#group+name+perpetrator",
    "killed": "#affected+killed",
    "killed_min": "#affected+killed+min",
    "killed_max": "#affected+killed+max",
    "injured": "#affected+injured",
    "injured_min": "#affected+injured+min",
    "injured_max": "#affected+injured+max",
    "children_killed": "#affected+killed+children",
    "children_injured": "#affected+injured+children",
    "damaged": "#loc+damaged",
    "status": "#status",
    "description": "#description",
    "sources": "#meta+source",
    # damaged.csv and sources.csv: one row per site or source
    "incident_uid": "#event+id",
    "position": "#meta+position",
    "kind": "#loc+type+damaged",
    "name": "#loc+name+damaged",
    "url": "#meta+source",
    "publisher": "#meta+source+publisher",
    "published": "#date+reported",
}


def hashtag_row(columns: Sequence[str]) -> list[str]:
    """The HXL row for a table with these columns, in their order."""
    return [HASHTAGS[column] for column in columns]
