"""The CSV writer's batches give the bytes of the row-by-row writer it replaced."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from harmtrack.io import canonical

COLUMNS = ("id", "city", "latitude", "killed", "description")
TEXT = st.text(alphabet=st.sampled_from(list('ab ,;"\r\n\x00=+-@\t\\é')), max_size=8)
ROWS = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=10**6),
        st.one_of(st.none(), TEXT),
        st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, min_value=-90, max_value=90)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=10**7)),
        st.one_of(st.none(), TEXT),
    ),
    max_size=1100,
)


def row_by_row(rows, neutralise: bool) -> str:
    """What write_cell_rows wrote before it batched: every cell made text, then one row at a time."""
    out = io.StringIO()
    writer = csv.writer(canonical.LfLines(out), lineterminator="\r\n")
    writer.writerow(COLUMNS)
    numeric = {0, 2, 3}
    for row in rows:
        cells = [v if v.__class__ is str else "" if v is None else canonical.format_number(v) for v in row]
        if neutralise:
            cells = [c if i in numeric else canonical.excel_safe(c) for i, c in enumerate(cells)]
        writer.writerow(cells)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(ROWS, st.booleans())
def test_batches_write_what_rows_one_at_a_time_wrote(rows, neutralise):
    out = io.StringIO()
    written = canonical.write_cell_rows(rows, out, neutralise_formulas=neutralise, columns=COLUMNS)
    assert written == len(rows)
    assert out.getvalue() == row_by_row(rows, neutralise)


def test_a_carriage_return_in_a_cell_is_quoted_and_reads_back():
    rows = [(1, "Kharkiv", 50.0, 2, "line one\r\nline two"), (2, "Sumy", None, None, "a\rb")]
    out = io.StringIO()
    canonical.write_cell_rows(rows, out, columns=COLUMNS)
    text = out.getvalue()
    assert text.splitlines()[1] == '1,Kharkiv,50,2,"line one'
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back[1] == ["1", "Kharkiv", "50", "2", "line one\r\nline two"]
    assert back[2] == ["2", "Sumy", "", "", "a\rb"]
