"""Is this an answer key adkit wrote?  Every field the grader, the gradebook and Gradescope's
results read is checked once, when the key is read, so a key edited by hand or cut short is one
line, not a traceback halfway through a class."""

from __future__ import annotations

import math
import re
from typing import Any

from adkit.errors import BindingError


def check_key(key: Any) -> dict[str, Any]:
    """The key, or BindingError when it is not an adkit answer key.

    Every field the grader, the gradebook and Gradescope's results read is checked
    here, so a key edited by hand or cut short is one line, not a traceback halfway
    through a class.
    """
    if not (isinstance(key, dict) and _list(key.get("exercises"), dict) and key["exercises"]
            and all(_exercise_ok(ex) for ex in key["exercises"])
            and _list(key.get("students", []), dict)
            and all(_text(s.get("id")) and _text(s.get("name")) for s in key.get("students", []))):
        raise BindingError("grade.bad_key")
    return key


_STEP = re.compile(r"v-?[0-9]{1,6}")
_MODES = ("forward", "reverse", "both")


def _list(value: Any, kind: type | tuple[type, ...]) -> bool:
    return isinstance(value, list) and all(isinstance(v, kind) for v in value)


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _number(value: Any) -> bool:
    """A finite number (json reads NaN and Infinity, which no answer is and JSON output refuses)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _exercise_ok(ex: dict[str, Any]) -> bool:
    """One exercise of a key: its columns, steps and graded cells agree with each other."""
    columns, steps, graded = ex.get("columns"), ex.get("steps"), ex.get("graded")
    if not (_text(ex.get("expression")) and _text(ex.get("output")) and ex.get("mode") in _MODES
            and isinstance(ex.get("point"), dict) and all(_number(v) for v in ex["point"].values())
            and _list(ex.get("inputs"), str) and (ex.get("output_step") is None or _text(ex["output_step"]))
            and (ex.get("student") is None or _text(ex["student"]))
            and _list(ex.get("seeds") or [], list) and all(_list(s, (int, float)) for s in ex.get("seeds") or [])):
        return False
    if not (_list(columns, dict) and _list(steps, dict) and _list(graded, list)):
        return False
    if not all(_text(c.get("id")) and isinstance(c.get("headers"), dict) and _text(c["headers"].get("en"))
               and all(_text(h) for h in c["headers"].values()) for c in columns):
        return False
    if not all(_text(e.get("step")) and _STEP.fullmatch(e["step"]) and _text(e.get("op"))
               and _list(e.get("args", []), (str, int, float)) and _list(e.get("tangents") or [], (int, float))
               and _list(e.get("contributions") or [], list)
               and all(len(c) == 2 and _text(c[0]) and type(c[1]) is int for c in e.get("contributions") or [])
               for e in steps):
        return False
    names, ids = {e["step"] for e in steps}, {c["id"] for c in columns}
    if not all(len(g) == 2 and _text(g[0]) and _text(g[1]) and g[0] in names and g[1] in ids for g in graded):
        return False
    return all(_cell_ok(e, cid) for e in steps for cid in {g[1] for g in graded})


def _cell_ok(entry: dict[str, Any], cid: str) -> bool:
    """The key's answer for column ``cid`` of a step: a statement's text or a number."""
    if cid.endswith("_statement"):
        return _text(entry.get(cid))
    if cid.startswith("tangent_"):
        k, tangents = cid[len("tangent_"):], entry.get("tangents")
        return k.isdigit() and 1 <= int(k) <= 99 and isinstance(tangents, list) and len(tangents) >= int(k) \
            and all(_number(t) for t in tangents)
    return _number(entry.get(cid))
