"""The message catalogue: every message in every language, same placeholders."""

from __future__ import annotations

import re
import string

import pytest
from helpers import run_cli

from adkit.messages import FILES, LANGUAGES, MESSAGES, column, family_of, message, set_language
from adkit.messages.help_en import HELP
from adkit.messages.help_vi import HELP_VI


def fields(text: str) -> set[str]:
    """The {format} fields and the %-style placeholders (argparse's messages)."""
    braces = {name for _, name, _, _ in string.Formatter().parse(text.replace("[[", "").replace("]]", "")) if name}
    return braces | set(re.findall(r"%\(\w+\)[sr]|%[sr]", text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_has_an_entry_in_every_language(lang):
    missing = [key for key, entry in MESSAGES.items() if lang not in entry]
    assert missing == [], f"no {lang} text for: {missing}"


def test_no_stale_translations():
    vietnamese = [key for family in FILES for key in column(family, "vi")]
    assert set(vietnamese) <= set(MESSAGES), set(vietnamese) - set(MESSAGES)
    assert set(HELP_VI) == set(HELP), set(HELP_VI) ^ set(HELP)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_key_in_two_catalogue_files(lang):
    """The split catalogue files are merged into one: a key written twice would silently win or lose."""
    keys = [key for family in FILES for key in column(family, lang)]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("family", FILES)
def test_a_key_is_found_in_the_family_its_first_word_names(family, lang):
    """message(key) reads only the files of family_of(key): a key in another family's file would be lost."""
    strays = [key for key in column(family, lang) if family_of(key) != family]
    assert strays == [], f"{strays} are in the {family} file but their first word names {[family_of(k) for k in strays]}"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_translations_keep_the_placeholders(key):
    entry = MESSAGES[key]
    assert {lang: fields(text) for lang, text in entry.items()} == {lang: fields(entry["en"]) for lang in entry}
    assert entry["en"].count("[[") == entry["vi"].count("[[")


def test_language_switch_and_environment(monkeypatch):
    assert message("mode.reverse") == "reverse mode"
    set_language("vi")
    try:
        assert message("mode.reverse") == "chế độ ngược"
    finally:
        set_language(None)
    monkeypatch.setenv("ADKIT_LANG", "vi")
    assert message("col.adjoint_statement") == "dấu vết phụ trợ"
    monkeypatch.setenv("ADKIT_LANG", "klingon")
    assert message("col.adjoint_statement") == "adjoint trace"


def test_cli_speaks_vietnamese_in_tables_errors_and_explanations(monkeypatch):
    status, out, _ = run_cli("trace", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5", "--lang", "vi",
                             "--mode", "both", "--explain")
    assert status == 0
    for phrase in ("dấu vết nguyên thủy", "dấu vết tiếp tuyến", "dấu vết phụ trợ", "chế độ tiến và ngược",
                   "Từng bước một", "quy tắc chuỗi", "lượt"):
        assert phrase in out
    status, _, err = run_cli("trace", "sinn(x)", "--at", "x=1", "--lang", "vi")
    assert status == 2 and err.startswith("adkit: lỗi: hàm không xác định 'sinn' (có phải ý bạn là 'sin'?)")
    monkeypatch.setenv("ADKIT_LANG", "vi")
    status, _, err = run_cli("trace", "log(x)", "--at", "x=-1")
    assert "không xác định tại -1: đối số phải dương" in err
    assert message("mode.reverse") == "chế độ ngược"
    assert re.search(r"^adkit: lỗi", err)


def test_argparse_messages_follow_the_language(capsys):
    def usage_error(*argv):  # argparse writes its own errors to sys.stderr
        status, _, _ = run_cli(*argv)
        return status, capsys.readouterr().err

    status, err = usage_error("graph", "--lang", "vi")
    assert status == 2 and "adkit graph: lỗi: thiếu các đối số bắt buộc: EXPR" in err and "thử 'adkit graph --help'" in err
    assert "lựa chọn không hợp lệ: 'sideways'" in usage_error("trace", "x", "--at", "x=1", "--mode", "sideways",
                                                              "--lang=vi")[1]
    assert "cần số chữ số từ 1 đến 17" in usage_error("trace", "x", "--at", "x=1", "--digits", "0", "--lang", "vi")[1]
    status, err = usage_error("trace", "x", "--at", "x=1", "--bogus")
    assert status == 2 and "unrecognized arguments: --bogus" in err  # English by default, option named as typed
    import argparse

    assert argparse._("usage: ") == "usage: "  # the catalogue is only installed inside main()
