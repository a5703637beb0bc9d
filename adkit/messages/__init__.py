"""The one catalogue of user-facing messages, and the language they are shown in.

Every error, warning and label a user reads is looked up here by key, so a
translation is one more column and a test can check that none is missing.
The language is a :class:`~contextvars.ContextVar` (``using_language("vi")``
sets it for a block, so threads and notebooks do not leak it into each
other); without one, the ``ADKIT_LANG`` environment variable or English.

Parameters whose value is another message key (``hint``, ``note``) are
rendered in the same language; a parameter that is ``None`` drops the
``[[...]]`` section of the template that mentions it.

The keys come in families (core, nn, coursework, help, web, player, verify), each one file per
language; a file is imported when one of its keys is first asked for in its
language, so a command loads only the catalogue it shows (start-up).
"""

from __future__ import annotations

import importlib
import os
import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator, Mapping

LANGUAGES = ("en", "vi")
#: Each family of keys is one catalogue file per language: (module under adkit/messages, its dict).
FILES = {
    "core": {"en": ("en", "MESSAGES"), "vi": ("vi", "VI")},
    "nn": {"en": ("nn_en", "NN"), "vi": ("nn_vi", "NN_VI")},
    "coursework": {"en": ("coursework_en", "COURSEWORK"), "vi": ("coursework_vi", "COURSEWORK_VI")},
    "help": {"en": ("help_en", "HELP"), "vi": ("help_vi", "HELP_VI")},
    "web": {"en": ("web_en", "WEB"), "vi": ("web_vi", "WEB_VI")},
    "player": {"en": ("player_en", "PLAYER"), "vi": ("player_vi", "PLAYER_VI")},
    "verify": {"en": ("verify_en", "VERIFY"), "vi": ("verify_vi", "VERIFY_VI")},
}
#: A key's first word names its family (tests/test_messages.py checks every file); any other word is core.
FAMILY_OF_WORD = {
    "nn": "nn", "help": "help", "web": "web", "play": "player", "verify": "verify",
    **dict.fromkeys(("exercise", "grade", "shape", "exam", "pdf", "roster", "gradebook", "autograder", "mistake"),
                    "coursework"),
}
_COLUMNS: dict[tuple[str, str], dict[str, str]] = {}
_SECTION = re.compile(r"\[\[(.*?)\]\]")


def family_of(key: str) -> str:
    """The family of ``key``: the only files read to find it."""
    return FAMILY_OF_WORD.get(key.partition(".")[0], "core")


def column(family: str, lang: str) -> Mapping[str, str]:
    """key → template of one family in one language; its file is imported when first needed (start-up)."""
    if (family, lang) not in _COLUMNS:
        module, name = FILES[family][lang]
        entries = getattr(importlib.import_module(f"adkit.messages.{module}"), name)
        # three English files write {"en": text}, as a catalogue with one column
        _COLUMNS[family, lang] = {key: text if isinstance(text, str) else text["en"] for key, text in entries.items()}
    return _COLUMNS[family, lang]


def keys_under(word: str) -> list[str]:
    """The keys ``WORD.…``, reading only their family's English file."""
    return [key for key in column(family_of(word), "en") if key.startswith(word + ".")]


class _Entry(Mapping[str, str]):
    """One key's templates by language; a language's file is read when that language is asked for."""

    def __init__(self, key: str) -> None:
        self._key, self._family = key, family_of(key)

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return column(self._family, lang)[self._key]

    def __iter__(self) -> Iterator[str]:
        return (lang for lang in LANGUAGES if self._key in column(self._family, lang))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Catalogue(Mapping[str, Mapping[str, str]]):
    """key → {language: template}, read-only; asking for a key reads only its family's files."""

    def __getitem__(self, key: str) -> Mapping[str, str]:
        if not isinstance(key, str) or key not in column(family_of(key), "en"):
            raise KeyError(key)
        return _Entry(key)

    def __iter__(self) -> Iterator[str]:
        return (key for family in FILES for key in column(family, "en"))

    def __len__(self) -> int:
        return sum(len(column(family, "en")) for family in FILES)


#: key → {language: template}; read-only.
MESSAGES: Mapping[str, Mapping[str, str]] = _Catalogue()

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
