"""The one catalogue of user-facing messages, and the language they are shown in.

Every error, warning and label a user reads is looked up here by key, so a
translation is one more column and a test can check that none is missing.
The language is a :class:`~contextvars.ContextVar` (``using_language("vi")``
sets it for a block, so threads and notebooks do not leak it into each
other); without one, the ``ADKIT_LANG`` environment variable or English.

Parameters whose value is another message key (``hint``, ``note``) are
rendered in the same language; a parameter that is ``None`` drops the
``[[...]]`` section of the template that mentions it.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any, Iterator, Mapping

from adkit.messages.coursework_en import COURSEWORK
from adkit.messages.coursework_vi import COURSEWORK_VI
from adkit.messages.en import MESSAGES as _MESSAGES
from adkit.messages.help_en import HELP
from adkit.messages.help_vi import HELP_VI
from adkit.messages.nn_en import NN
from adkit.messages.nn_vi import NN_VI
from adkit.messages.vi import VI
from adkit.messages.web_en import WEB
from adkit.messages.web_vi import WEB_VI

LANGUAGES = ("en", "vi")
#: The English catalogue files, each one family of keys (tests/test_messages.py: no key in two).
ENGLISH_FILES = (_MESSAGES, NN, COURSEWORK, WEB, {key: {"en": text} for key, text in HELP.items()})
VIETNAMESE_FILES = (VI, NN_VI, COURSEWORK_VI, WEB_VI, HELP_VI)
_ENGLISH = {key: entry for family in ENGLISH_FILES for key, entry in family.items()}
_COLUMNS = {"vi": {key: text for family in VIETNAMESE_FILES for key, text in family.items()}}
_SECTION = re.compile(r"\[\[(.*?)\]\]")

#: key → {language: template}; read-only.
MESSAGES: Mapping[str, Mapping[str, str]] = MappingProxyType({
    key: MappingProxyType({**entry, **{lang: col[key] for lang, col in _COLUMNS.items() if key in col}})
    for key, entry in _ENGLISH.items()
})

_LANGUAGE: ContextVar[str | None] = ContextVar("adkit_language", default=None)


def _checked(lang: str | None) -> str | None:
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; available: {', '.join(LANGUAGES)}")
    return lang


def set_language(lang: str | None) -> None:
    """Choose the language of messages in the current context (None: ``ADKIT_LANG`` or English)."""
    _LANGUAGE.set(_checked(lang))


@contextmanager
def using_language(lang: str | None) -> Iterator[None]:
    """Messages in ``lang`` inside the ``with`` block, the previous language after it."""
    token = _LANGUAGE.set(_checked(lang))
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def language() -> str:
    """The language messages are rendered in now."""
    lang = _LANGUAGE.get() or os.environ.get("ADKIT_LANG", "en")
    return lang if lang in LANGUAGES else "en"


def message(key: str, **params: Any) -> str:
    """The message ``key`` in the current language, filled with ``params``."""
    lang = language()
    entry = MESSAGES[key]
    template = entry.get(lang, entry["en"])
    values = {k: (message(v) if k in ("hint", "note") and v in MESSAGES else v) for k, v in params.items()}

    def section(m: re.Match[str]) -> str:
        names = re.findall(r"\{(\w+)", m.group(1))
        return m.group(1) if all(values.get(n) is not None for n in names) else ""

    return _SECTION.sub(section, template).format(**values)


def counted(key: str, count: int, **params: Any) -> str:
    """The singular (``KEY.one``) or plural (``KEY.other``) message for ``count``: "1 sweep", "2 sweeps"."""
    return message(f"{key}.{'one' if count == 1 else 'other'}", count=count, **params)
