"""Every catalogue message, in every language, is read by a user in a golden file (issue 22.3).

The cases of tests/message_cases.py run in English and Vietnamese; what a user
sees is compared with traces/messages-FAMILY-LANG.txt, so changing one word of
a message that a case shows fails here.  While they run, the catalogue lookups
are recorded, and every key must be shown by a case (its words found in the
case's output) or have its words checked verbatim by another test or golden.
Regenerate after an intended change: ``python3 tests/regenerate_traces.py``.
"""

from __future__ import annotations

import pytest
from helpers import TRACES, need
from message_cases import CASES, SEED
from message_goldens import environment, fixed_words, flat, golden_name, golden_names, golden_text, run_all, run_case

import adkit.messages as catalogue
from adkit.messages import LANGUAGES, MESSAGES

#: Keys no case can show, each with why; every other key must be shown or its words checked.
#: the labels of the page `adkit web` builds (npm, PyPI, minutes): tests/test_web_browser.py shows them in Chromium
PAGE_LABEL = "a label of the page adkit web builds; tests/test_web_browser.py renders it"
UNREACHABLE: dict[str, str] = {
    "web.ui.title": PAGE_LABEL,
    "web.ui.loading": PAGE_LABEL,
    "web.ui.ready": PAGE_LABEL,
    "web.ui.failed": PAGE_LABEL,
    "web.ui.formula": PAGE_LABEL,
    "web.ui.point": PAGE_LABEL,
    "web.ui.mode_auto": PAGE_LABEL,
    "web.ui.mode_both": PAGE_LABEL,
    "web.ui.style": PAGE_LABEL,
    "web.ui.style_default": PAGE_LABEL,
    "web.ui.style_textbook": PAGE_LABEL,
    "web.ui.language": PAGE_LABEL,
    "web.ui.share": PAGE_LABEL,
    "web.ui.tab_table": PAGE_LABEL,
    "web.ui.tab_player": PAGE_LABEL,
    "web.ui.tab_jacobian": PAGE_LABEL,
    "web.ui.tab_practise": PAGE_LABEL,
    "web.ui.check": PAGE_LABEL,
    "web.ui.checking": PAGE_LABEL,
    "web.ui.no_sympy": PAGE_LABEL,
    "web.ui.difficulty": PAGE_LABEL,
    "web.ui.new_exercise": PAGE_LABEL,
    "web.ui.mark": PAGE_LABEL,
    "web.ui.practise_note": PAGE_LABEL,
    "argparse.ambiguous": "every parser has allow_abbrev=False, so no option is ambiguous",
    "argparse.cannot_open": "no argument is an argparse.FileType",
    "argparse.expected_at_least_one": "no option takes nargs='+' (argparse looks it up, never prints it)",
    "argparse.expected_at_most_one": "no option takes nargs='?' (argparse looks it up, never prints it)",
    "argparse.not_allowed": "adkit has no mutually exclusive options",
    "web.built": "the site's build (npm, PyPI, minutes): tests/test_web.py runs it",
    "web.bytecode_failed": "the site's build (npm, PyPI, minutes): tests/test_web.py runs it",
    "web.fetch_failed": "the site's build (npm, PyPI, minutes): tests/test_web.py runs it",
    "web.needs_npm": "the site's build (npm, PyPI, minutes): tests/test_web.py runs it",
    "web.not_pure": "the site's build (npm, PyPI, minutes): tests/test_web.py runs it",
    "nn.needs_numpy": "only where numpy is missing (Pyodide): tests/test_web.py hides numpy to show it",
    "format.needs_file": "no built-in format is binary; tests/test_formats.py registers one that is",
    "cli.nul_argument": "a command line cannot hold a NUL (argv is C strings): only main([...]) called from Python",
    "graph.render_failed": "only when Graphviz's dot itself fails on adkit's DOT (tests/test_graph.py fakes that with /bin/false)",
    "nn.data_not_csv": "csv raises only past its field limit, which adkit lifts; the 2 MB cap on --data comes first",
    "nn.batch_check_failed": "only when BP1–BP4 over a batch and the mean of per-example gradients disagree (a bug)",
    "autograder.no_source": "only from an installed wheel without adkit's source tree",
    "autograder.wheel_failed": "only when pip fails to build adkit's wheel",
    "codegen.literal": "a non-finite constant is refused by the parser and the tracer first",
    "cost.no_matplotlib": "only without matplotlib, which the test extra installs",
    "nn.no_matplotlib": "only without matplotlib, which the test extra installs",
    "plot.no_matplotlib": "only without matplotlib, which the test extra installs (en: tests check it)",
    "count.events.one": "a playable trace has a primal and an adjoint event at least",
    "grade.legend": "no code uses it: a stale key",
    "nn.schedule_note": "no code uses it: a stale key",
    "grade.unreadable_csv": "Python 3.11's csv reader no longer raises on a NUL byte or any other input adkit reads",
    "nn.check_failed": "only when BP1–BP4 and the array tape disagree, a bug",
    "verify.failed": "only when an engine disagrees with sympy, a bug",
    "verify.input_failed": "only when an engine disagrees with sympy, a bug",
    "verify.row_failed": "only when an engine disagrees with sympy, a bug",
    "verify.status.failed": "only when an engine disagrees with sympy, a bug",
    "verify.rows_unchecked": "only when sympy gives a complex value where adkit's engines gave a real one",
    "verify.sympy_error": "only when sympy itself fails (en: tests check it)",
    "nn.norms_plot_title": "drawn inside the PNG only",
    "parse.expected_operator": "every token after an operand is an operator, an implicit product or a separator",
    "pdf.failed": "only when pdflatex fails, which depends on the TeX installation",
    "pdf.lost_characters": "only with fonts lacking a character, which depends on the TeX installation",
    "pdf.missing_package": "only without a TeX package, which depends on the TeX installation",
    "pdf.timeout": "only when pdflatex hangs",
    "exam.key": "written only inside the answer key's PDF (en: tests check it)",
}


@pytest.fixture(scope="module")
def runs():
    """Some cases render a graph and a PDF, so Graphviz and pdflatex must be there (as in CI)."""
    need("dot")
    need("pdflatex")
    return run_all()


def shown_keys(runs, lang: str) -> set[str]:
    """Keys a case in ``lang`` looked up whose every fixed word is in that case's output."""
    shown = set()
    for (_, run_lang), family in runs.items():
        if run_lang != lang:
            continue
        for run in family:
            seen = flat(run.text)
            shown |= {key for key, template in run.shown if all(w in seen for w in fixed_words(template))}
    return shown


def checked_elsewhere(lang: str) -> set[str]:
    """Keys whose fixed words (4 characters or more) all appear in tests/*.py or another golden:
    another test or golden checks them verbatim.  The message goldens themselves do not count
    here: words found in them by chance are not a case showing the message."""
    corpus = " ".join(flat(path.read_text(encoding="utf-8")) for path in [
        *TRACES.parent.joinpath("tests").glob("*.py"),
        *(p for p in TRACES.iterdir() if p.is_file() and p.name not in golden_names())])
    checked = set()
    for key, entry in MESSAGES.items():
        words = [w for w in fixed_words(entry[lang]) if len(w) >= 4]
        if words and all(w in corpus for w in words):
            checked.add(key)
    return checked


@pytest.mark.parametrize("family", sorted(CASES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_message_golden(runs, family, lang):
    golden = TRACES / golden_name(family, lang)
    assert golden_text(runs[family, lang]).splitlines() == golden.read_text(encoding="utf-8").splitlines()


def test_one_wrong_vietnamese_word_would_fail_a_golden(monkeypatch, tmp_path):
    """Issue 22.3's hand check, kept: a wrong word in a Vietnamese summary no longer passes unseen."""
    golden = (TRACES / golden_name("trace", "vi")).read_text(encoding="utf-8")
    key, case = "summary.reverse_one.other", f"trace {SEED}"
    with environment("vi", tmp_path):
        assert f"$ adkit {case}\n{run_case(case, tmp_path)[0]}\n\n" in golden
        wrong = MESSAGES[key]["vi"].replace("toàn bộ", "một phần")
        monkeypatch.setattr(catalogue, "MESSAGES", {**MESSAGES, key: {**MESSAGES[key], "vi": wrong}})
        text, shown = run_case(case, tmp_path)
    assert (key, wrong) in shown
    assert f"$ adkit {case}\n{text}\n\n" not in golden


def test_every_message_golden_is_a_case_family():
    assert {p.name for p in TRACES.glob("messages-*")} == golden_names()


def uncovered(runs, lang: str) -> set[str]:
    return set(MESSAGES) - shown_keys(runs, lang) - checked_elsewhere(lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_is_shown_or_checked(runs, lang):
    assert sorted(uncovered(runs, lang) - set(UNREACHABLE)) == [], "add a case that shows these (tests/message_cases.py)"


def test_every_unreachable_key_is_still_unchecked_in_some_language(runs):
    still = set().union(*(uncovered(runs, lang) for lang in LANGUAGES))
    assert sorted(set(UNREACHABLE) - still) == [], "now shown or checked: remove from UNREACHABLE"
