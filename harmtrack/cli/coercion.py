"""Option values reach commands without loading pydantic when they need no conversion.

typer (0.26 and later) converts every parameter's value through a pydantic
TypeAdapter, built when the parameter is first processed, even when the value is
absent; building the first one imports pydantic's validation machinery, about
0.1 s on every command: more than harmtrack's own start-up, and a tenth of a
10,000-row import. Text needs no conversion (click already hands over a str, a
tuple of str for a repeated option) and an absent value is returned before any
conversion, so this module gives each parameter a runtime coercion that:

- returns text as text (a list for a list annotation), as the adapter would,
  and a member of a choice's Enum (a default) as it is;
- hands anything else (numbers, ranges, choices, paths, defaults that are not
  text) to typer's own coercion, built on first use, so its checks and messages
  are typer's.

`install` puts it in place; `tests/test_coercion.py` holds it equal to typer's
for text and checks that a plain command no longer imports typer's adapters.
"""

import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, get_args, get_origin

from typer import _coercion, core

_typer_runtime_param = _coercion.build_runtime_param


def _without_none(annotation: Any) -> Any:
    """`str | None` -> str, `list[str] | None` -> list[str]; anything else unchanged."""
    if get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _text_shape(descriptor: _coercion.TypeDescriptor) -> str | None:
    """ "text" or "text list" when the annotation is plain text with no parser of
    its own, "choice" for an Enum (None allowed beside each); None for
    everything else, which typer converts."""
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or getattr(info, "parser", None) is not None:
        return None
    annotation = _without_none(descriptor.annotation)
    if annotation is str:
        return "text"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "choice"
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return "text list"
    return None


@dataclass(frozen=True)
class DeferredRuntimeParam(_coercion.RuntimeParam):
    descriptor: _coercion.TypeDescriptor
    shape: str | None
    built: list[_coercion.RuntimeParam] = field(default_factory=list, compare=False)

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        if self.shape == "text" and type(value) is str:
            return value
        if self.shape == "text list" and isinstance(value, (list, tuple)) and all(type(v) is str for v in value):
            return list(value)
        if self.shape == "choice" and type(value) is _without_none(self.annotation):
            return value  # a default, already one of the choices
        if not self.built:
            self.built.append(_typer_runtime_param(self.descriptor))
        return self.built[0]._coerce_value(value, param=param, ctx=ctx)


def runtime_param(descriptor: _coercion.TypeDescriptor) -> _coercion.RuntimeParam:
    return DeferredRuntimeParam(
        parameter_info=descriptor.parameter_info,
        annotation=descriptor.annotation,
        descriptor=descriptor,
        shape=_text_shape(descriptor),
    )


def install() -> None:
    """typer's parameters look the builder up in typer.core when first processed."""
    core.build_runtime_param = runtime_param
