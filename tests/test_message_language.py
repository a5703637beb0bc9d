"""The interface language lives in a ContextVar: set for a block, not leaking across threads."""

from __future__ import annotations

import threading

import pytest

import adkit
from adkit.messages import language, message, set_language, using_language


def test_using_language_sets_and_restores():
    before = language()
    with using_language("vi"):
        assert language() == "vi"
        vietnamese = message("cli.error")
    assert message("cli.error") != vietnamese
    assert language() == before


def test_errors_render_in_the_language_current_when_raised():
    with using_language("vi"):
        try:
            adkit.compile("x +")
        except adkit.ParseError as exc:
            error = exc
    with using_language("en"):
        english = str(pytest.raises(adkit.ParseError, adkit.compile, "x +").value)
        assert str(error) != english  # raised in Vietnamese, stays Vietnamese


def test_language_does_not_leak_into_another_thread():
    seen = []
    with using_language("vi"):
        thread = threading.Thread(target=lambda: seen.append(language()))
        thread.start()
        thread.join()
    assert seen == [language()]  # a new thread starts from the default, not from "vi"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        set_language("fr")
    with pytest.raises(ValueError):
        with using_language("fr"):
            pass
