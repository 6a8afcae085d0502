"""Option values: text passes without pydantic, everything else through typer's own coercion."""

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st
from typer import _coercion
from typer.models import OptionInfo

from harmtrack.cli import coercion

TEXT_ANNOTATIONS = (str, str | None, list[str], list[str] | None)


class Param:
    """What a runtime coercion reads of a parameter: whether it takes many values."""

    def __init__(self, multiple: bool):
        self.multiple, self.nargs = multiple, 1


def coerced(builder, annotation, value):
    descriptor = _coercion.resolve_type_descriptor(annotation, OptionInfo())
    is_list = annotation in (list[str], list[str] | None)
    return builder(descriptor).coerce(value, param=Param(is_list), ctx=None)


@given(st.sampled_from(TEXT_ANNOTATIONS), st.text(), st.lists(st.text(), max_size=4))
def test_text_comes_through_as_typer_would_give_it(annotation, text, texts):
    value = tuple(texts) if annotation in (list[str], list[str] | None) else text
    ours = coerced(coercion.runtime_param, annotation, value)
    assert ours == coerced(coercion._typer_runtime_param, annotation, value)
    assert type(ours) is type(coerced(coercion._typer_runtime_param, annotation, value))


@given(st.sampled_from(TEXT_ANNOTATIONS))
def test_an_absent_value_stays_absent(annotation):
    assert coerced(coercion.runtime_param, annotation, None) == coerced(coercion._typer_runtime_param, annotation, None)


def test_a_number_is_still_converted_and_checked_by_typer(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Kharkiv", "--killed", "2")
    assert harmtrack.ok("report", "city", "--top", "1", "--format", "csv").stdout.count("\n") == 2
    failed = harmtrack("report", "city", "--top", "0")
    assert failed.exit_code == 2
    assert "Invalid value for '--top': Input should be greater than or equal to 1" in failed.stderr


def test_a_command_with_text_options_does_not_load_typers_adapters(tmp_path):
    """Building typer's first pydantic adapter costs about 0.1 s: more than harmtrack's own start-up."""
    code = (
        "import sys; from harmtrack.cli.app import main\n"
        "sys.argv = ['harmtrack', '--db', sys.argv[1], 'add', '--date', '2024-10-30', '--city', 'Kharkiv',"
        " '--source', 'https://example.org/a', '--description', 'shelling']\n"
        "try: main()\nexcept SystemExit: pass\n"
        "print('typer._adapters' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "new.db")], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "False"
    assert (tmp_path / "new.db").exists()


def test_a_choice_left_at_its_default_is_the_member_typer_would_give():
    from harmtrack.cli.report import Measure, Period

    for annotation in (Measure, Period, Measure | None):
        for member in coercion._without_none(annotation):
            ours = coerced(coercion.runtime_param, annotation, member)
            assert ours is coerced(coercion._typer_runtime_param, annotation, member)


def test_a_choice_given_on_the_command_line_is_still_checked_by_typer(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Kharkiv", "--killed", "2")
    assert "2024-W44" in harmtrack.ok("report", "timeline", "--period", "week", "--format", "csv").stdout
    failed = harmtrack("report", "timeline", "--period", "fortnight")
    assert failed.exit_code == 2
    assert "'fortnight'" in failed.stderr and "month" in failed.stderr
