"""Sources by their names: a reader meets the course notes by title, author and section.

The notes were once filed as numbered "seeds" outside the repository; no text a
user reads (README.md, docs/, --help in both languages, the message catalogues,
the golden traces) may name them that way or link outside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import TRACES, run_cli

from adkit.cli.examples import EXAMPLES
from adkit.nn.views import ALIASES, PRESETS, preset

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CATALOGUES = sorted((ROOT / "adkit" / "messages").glob("*.py"))
FILED = re.compile(r"seeds? 00|shared/seeds", re.I)
LINK = re.compile(r"\]\(([^)\s]+)[^)]*\)|<img [^>]*src=\"([^\"]+)\"")


def test_grep_seed_00_over_readme_and_docs_finds_nothing():
    found = [f"{p.name}:{n}" for p in PAGES for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search("seed 00", line, re.I)]
    assert found == []


@pytest.mark.parametrize("path", PAGES + CATALOGUES + sorted(TRACES.iterdir()), ids=lambda p: p.name)
def test_no_filed_name_in_what_a_user_reads(path):
    assert not FILED.search(path.read_text(encoding="utf-8")) and "seed-00" not in path.name


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_link_of_a_page_stays_inside_the_repository(page):
    for match in LINK.finditer(page.read_text(encoding="utf-8")):
        target = (match.group(1) or match.group(2)).split("#")[0]
        if not target or re.match(r"[a-z]+:", target):  # an anchor, or a web address
            continue
        resolved = (page.parent / target).resolve()
        assert resolved.is_relative_to(ROOT) and resolved.exists(), (page.name, target)


def test_the_link_check_can_fail(tmp_path):
    text = "see [the notes](../../shared/seeds/003.txt) and ![x](docs/player-forward.png)"
    targets = [m.group(1) for m in LINK.finditer(text)]
    assert targets == ["../../shared/seeds/003.txt", "docs/player-forward.png"]
    assert not (ROOT / "docs" / targets[0]).resolve().is_relative_to(ROOT)
    assert FILED.search("as seed 003 prints") and FILED.search("(`shared/seeds/`, lecture 003)")


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("command", [c for c in EXAMPLES if c != "adkit"])
def test_help_pages_name_no_filed_source(command, lang):
    status, out, _ = run_cli(command, "--help", "--lang", lang)
    assert status == 0 and not FILED.search(out)


def test_old_preset_names_are_aliases_of_the_named_presets():
    assert ALIASES == {"example-3.1": "2-2-1-identity", "seed-004": "2-2-1-sigmoid"}
    for old, new in ALIASES.items():
        net, x, y, title = preset(old)
        net2, x2, y2, title2 = preset(new)
        assert title == title2 and (x == x2).all() and (y == y2).all()
        assert [w.tolist() for w in net.weights] == PRESETS[new]["weights"]
    assert preset("2-2-1-identity")[3].startswith("Minh Quang Le, Deep Learning and Neural Net 2, Example 3.1:")
    assert preset("2-2-1-sigmoid")[3].startswith("Trần Ngọc Bảo Duy, Back Propagation trong mạng neural:")
    status, out, _ = run_cli("mlp", "trace", "--preset", "seed-004", "--format", "json")
    assert status == 0 and out == run_cli("mlp", "trace", "--preset", "2-2-1-sigmoid", "--format", "json")[1]
    status, _, err = run_cli("mlp", "trace", "--preset", "seed-003")
    assert status == 2 and err.strip().endswith("known: 2-2-1-identity, 2-2-1-sigmoid")
