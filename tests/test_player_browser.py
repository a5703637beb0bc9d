"""The sweep player in a real browser (headless Chromium): every event of three programs, both modes.

The oracle is the trace JSON (``Trace.to_dict``), computed apart from the
page: after each event ``state()``, the row marked ``aria-current="step"``
and the numbers in the table must be the JSON's.  Skipped only off CI when
Chromium is missing.
"""

from __future__ import annotations

import base64
import json
import subprocess
import time

import pytest

from adkit import trace
from adkit.ir.notation import number
from exam_helpers import need
from helpers import chromium, run_cli

PROGRAMS = {
    "seed": ("ln(x1) + x1*x2 - sin(x2)", "x1=2,x2=5"),
    "eq-3.44": ("a = exp(x); b = a^2; c = a + b; d = exp(c); e = sin(c); f = d + e", "x=0.5"),
    "fan-out": ("y = x*x + exp(x)*x", "x=1.5"),
    "kinks": ("abs(x) + max(x, y)", "x=0,y=0"),
    "square": ("x*x", "x=1.5"),
    "fan-out-3": ("x*y*x", "x=1.5,y=2"),
    "cse": ("sin(x)*sin(x)", "x=1.5"),
    "quotient": ("x/x", "x=1.5"),  # one edge, two different partials: 1/x and −x/x²
}


@pytest.fixture(scope="module")
def browser():
    driver = chromium(1280, 720)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("player")
    paths = {}
    for name, (expression, at) in PROGRAMS.items():
        paths[name] = folder / f"{name}.html"
        status, out, err = run_cli("play", expression, "--at", at, "-o", str(paths[name]))
        assert status == 0, err
    return paths


def _point(at: str) -> dict[str, float]:
    return {k: float(v) for k, v in (pair.split("=") for pair in at.split(","))}


def _expected(data: dict) -> dict[str, list[tuple[str, dict[str, float]]]]:
    """Per mode, each event's (step, shown) from the JSON alone."""
    steps, inputs = data["steps"], data["inputs"]
    forward = []
    for name in inputs:
        for j, step in enumerate(steps):
            forward.append((step["name"], {s["name"]: s["tangent"][name] for s in steps[:j + 1]}))
    reverse = [(s["name"], {}) for s in steps]
    shown = {steps[-1]["name"]: data.get("adjoint_seed", 1.0)}
    for event in data["reverse_sweep"]:
        shown[event["target"]] = event["adjoint"]
        reverse.append((event["target"], dict(shown)))
    return {"forward": forward, "reverse": reverse}


def _open(browser, path):
    browser.get(path.as_uri())
    assert browser.execute_script("return document.documentElement.dataset.ready") == "true"
    browser.get_log("browser")
    browser.get_log("performance")


def _cells(browser) -> tuple[str | None, dict[str, list[str]]]:
    return browser.execute_script(
        "var rows = document.querySelectorAll('#table tbody tr'), cells = {}, current = [];"
        "rows.forEach(function (r) { cells[r.dataset.step] = [r.children[3].textContent, r.children[4].textContent];"
        " if (r.getAttribute('aria-current') === 'step') current.push(r.dataset.step); });"
        "return [current, cells];")


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_every_event_shows_the_trace_json(browser, pages, name):
    expression, at = PROGRAMS[name]
    data = trace(expression, at=_point(at), mode="both").to_dict()
    assert data["steps"][-1]["name"] == data["reverse_sweep"][0]["source"]
    _open(browser, pages[name])
    said = browser.execute_script("return Array.from(document.querySelectorAll('#warnings li'), e => e.textContent)")
    assert said == data["warnings"]
    for mode, events in _expected(data).items():
        state = browser.execute_script(f"return window.adkitPlayer.setMode('{mode}')")
        assert (state["mode"], state["index"], state["count"]) == (mode, 0, len(events))
        for i, (step, shown) in enumerate(events):
            if i:
                state = browser.execute_script("return window.adkitPlayer.next()")
            assert state == {"mode": mode, "index": i, "count": len(events), "step": step, "shown": shown}
            current, cells = _cells(browser)
            assert current == [step]
            column = 0 if mode == "forward" else 1
            for s in data["steps"]:
                want = number(shown[s["name"]], 4) if s["name"] in shown else ""
                assert cells[s["name"]][column] == want, (mode, i, s["name"])
                assert cells[s["name"]][1 - column] == ""
        assert browser.execute_script("return window.adkitPlayer.next()")["index"] == len(events) - 1
        assert browser.execute_script("return window.adkitPlayer.goto(0)")["index"] == 0
        assert browser.execute_script("return window.adkitPlayer.prev()")["index"] == 0
    _no_errors_and_no_requests(browser, pages[name])


def _no_errors_and_no_requests(browser, path):
    errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    urls = []
    for entry in browser.get_log("performance"):
        event = json.loads(entry["message"])["message"]
        if event["method"] == "Network.requestWillBeSent":
            urls.append(event["params"]["request"]["url"])
    assert [u for u in urls if u != path.as_uri() and not u.startswith(("data:", "about:"))] == []


def test_the_page_loads_with_no_request_but_itself(browser, pages):
    browser.get("about:blank")
    browser.get_log("performance")
    browser.get(pages["seed"].as_uri())
    urls = [json.loads(e["message"])["message"]["params"]["request"]["url"] for e in browser.get_log("performance")
            if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"]
    assert urls == [pages["seed"].as_uri()]
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_keys_and_buttons_move_through_the_events(browser, pages):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, pages["seed"])
    state = lambda: browser.execute_script("return window.adkitPlayer.state()")  # noqa: E731
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    assert state()["index"] == 2
    body.send_keys(Keys.ARROW_LEFT)
    assert state()["index"] == 1
    body.send_keys(Keys.END)
    assert state()["index"] == state()["count"] - 1
    assert browser.find_element(By.ID, "summary").is_displayed()
    body.send_keys(Keys.HOME)
    assert state()["index"] == 0
    browser.find_element(By.ID, "last").click()
    browser.find_element(By.ID, "prev").click()
    assert state()["index"] == state()["count"] - 2
    browser.find_element(By.ID, "first").click()
    browser.find_element(By.ID, "next").click()
    assert state()["index"] == 1
    body.send_keys(Keys.SPACE)  # play: the button turns to pause and the events advance by themselves
    assert browser.find_element(By.ID, "play").text == "❚❚"
    browser.execute_script("document.getElementById('speed').value = '250'; document.getElementById('speed').onchange()")
    time.sleep(0.8)
    body.send_keys(Keys.SPACE)
    assert browser.find_element(By.ID, "play").text == "▶" and state()["index"] > 1
    slider = browser.find_element(By.ID, "slider")
    slider.send_keys(Keys.HOME, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    assert state()["index"] == 3 == int(slider.get_attribute("value"))
    browser.find_element(By.ID, "first").click()
    browser.find_element(By.ID, "next").click()
    x2 = trace(PROGRAMS["seed"][0], at=_point(PROGRAMS["seed"][1]), mode="both").to_dict()["steps"][1]
    assert browser.find_element(By.ID, "statement").text == f"{x2['tangent_statement']} = {number(x2['tangent']['x1'])}"


def test_a_300_step_program_plays_with_the_current_node_in_view(browser, tmp_path):
    program = "; ".join(["a1 = sin(x)"] + [f"a{i} = sin(a{i - 1}) + x" if i % 2 else f"a{i} = cos(a{i - 1})"
                                           for i in range(2, 201)])
    path = tmp_path / "long.html"
    assert run_cli("play", program, "--at", "x=0.5", "-o", str(path))[0] == 0
    _open(browser, path)
    data = trace(program, at={"x": 0.5}, mode="both").to_dict()
    assert len(data["steps"]) == 300
    in_view = ("var g = document.getElementById('graph').getBoundingClientRect(),"
               " n = document.querySelector('.node.current').getBoundingClientRect();"
               "return n.left >= g.left && n.right <= g.right && n.top >= g.top && n.bottom <= g.bottom;")
    row_in_view = ("var t = document.getElementById('table').getBoundingClientRect(),"
                   " h = document.querySelector('#table thead th').getBoundingClientRect(),"
                   " r = document.querySelector('tr[aria-current]').getBoundingClientRect();"
                   "return r.top >= h.bottom - 1 && r.bottom <= t.bottom + 1 && window.scrollY === 0;")
    for mode in ("forward", "reverse"):
        count = browser.execute_script(f"return window.adkitPlayer.setMode('{mode}')")["count"]
        for i in (count // 3, count // 2, count - 1, 0):
            state = browser.execute_script(f"return window.adkitPlayer.goto({i})")
            assert state["index"] == i
            assert browser.execute_script(in_view), (mode, i)
            assert browser.execute_script(row_in_view), (mode, i)  # the table scrolls, the page stays put
    last = browser.execute_script("return window.adkitPlayer.goto(1e9)")
    assert (last["step"], last["shown"][last["step"]]) == (data["reverse_sweep"][-1]["target"],
                                                          data["reverse_sweep"][-1]["adjoint"])
    _no_errors_and_no_requests(browser, path)


@pytest.mark.parametrize("name", ["seed", "fan-out", "square", "fan-out-3", "cse", "quotient"])
def test_each_plus_equals_lights_its_edge_and_its_own_partial(browser, pages, name):
    """x*x: one edge, two ``+=``; the label shows both partials and each event marks its own."""
    expression, at = PROGRAMS[name]
    data = trace(expression, at=_point(at), mode="both").to_dict()
    _open(browser, pages[name])
    terms: dict[str, list[str]] = {}
    for event in data["reverse_sweep"]:
        terms.setdefault(f"{event['target']}>{event['source']}", []).append(number(event["partial"], 4))
    browser.execute_script("window.adkitPlayer.setMode('reverse')")
    seen: dict[str, int] = {}
    for i, event in enumerate(data["reverse_sweep"]):
        edge = f"{event['target']}>{event['source']}"
        lit, label, now = browser.execute_script(
            f"window.adkitPlayer.goto({len(data['steps']) + i});"
            "var lit = Array.from(document.querySelectorAll('[data-edge].lit.back'), e => e.dataset.edge),"
            " label = document.querySelector('.edge.lit text'), now = label.querySelectorAll('tspan.term');"
            "return [lit, label.textContent, Array.from(now).map((t, k) => [k, t.textContent, t.classList.contains('now')])"
            ".filter(t => t[2]).map(t => [t[0], t[1]])];")
        assert lit == [edge]
        assert label == " + ".join(terms[edge])
        assert now == [[seen.get(edge, 0), number(event["partial"], 4)]]
        seen[edge] = seen.get(edge, 0) + 1
    repeated = any(len(s["args"]) != len(set(s["args"])) for s in data["steps"])  # a step using one value twice
    assert any(count == 2 for count in seen.values()) == repeated == (name in ("fan-out", "square", "cse", "quotient"))
    _no_errors_and_no_requests(browser, pages[name])


@pytest.mark.parametrize("name", ["seed", "eq-3.44", "cse"])
def test_print_shows_the_whole_final_table_whatever_the_event(browser, pages, name):
    expression, at = PROGRAMS[name]
    data = trace(expression, at=_point(at), mode="both").to_dict()
    _open(browser, pages[name])
    want = [[number(s["value"], 4)] + [number(s["tangent"][x], 4) for x in data["inputs"]] + [number(s["adjoint"], 4)]
            for s in data["steps"]]
    visible = "return ['controls', 'graph', 'table', 'print-table', 'summary'].map(i => document.getElementById(i).offsetParent !== null)"
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for mode, i in (("forward", 0), ("reverse", 3), ("reverse", 0)):
            browser.execute_script(f"window.adkitPlayer.setMode('{mode}'); window.adkitPlayer.goto({i})")
            assert browser.execute_script(visible) == [False, False, False, True, True]
            cells = browser.execute_script(
                "return Array.from(document.querySelectorAll('#print-table tbody tr'),"
                " r => Array.from(r.children, c => c.textContent));")
            assert [row[2:] for row in cells] == want
            assert [row[1] for row in cells if row[1] in data["inputs"]] == data["inputs"]
            summary = browser.find_element("id", "summary").text
            assert all(f"{x} = {number(v, 4)}" in summary for x, v in data["gradient"].items())
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert browser.execute_script(visible) == [True, True, True, False, False]
    _no_errors_and_no_requests(browser, pages[name])


@pytest.mark.parametrize("name", ["seed", "eq-3.44"])
def test_on_a_phone_nothing_is_cut_off(browser, pages, name):
    """390×844: one column (graph above table), no sideways page scroll, the other mode's column folded away."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    try:
        _open(browser, pages[name])
        for mode in ("forward", "reverse"):
            count = browser.execute_script(f"return window.adkitPlayer.setMode('{mode}').count")
            for i in range(count):
                browser.execute_script(f"window.adkitPlayer.goto({i})")
                fits = browser.execute_script(
                    "var d = document.documentElement, s = document.getElementById('statement'),"
                    " g = document.getElementById('graph').getBoundingClientRect(),"
                    " t = document.getElementById('table').getBoundingClientRect(),"
                    " hidden = document.querySelector('#table tbody tr .c' + (arguments[0] === 'forward' ? 4 : 3));"
                    "return [d.scrollWidth <= window.innerWidth, s.scrollWidth <= s.clientWidth, g.bottom <= t.top,"
                    " t.right <= window.innerWidth, hidden.offsetParent === null];", mode)
                assert fits == [True] * 5, (mode, i, fits)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    _no_errors_and_no_requests(browser, pages[name])


@pytest.mark.parametrize("mode", ["both", "forward", "reverse"])
def test_the_printed_pdf_holds_the_columns_of_the_modes_played(browser, tmp_path, mode):
    """Chromium's own print (Page.printToPDF), read back with pdftotext: each printed row is the JSON's."""
    pdftotext = need("pdftotext")
    expression, at = PROGRAMS["seed"]
    path = tmp_path / "p.html"
    assert run_cli("play", expression, "--at", at, "--mode", mode, "-o", str(path))[0] == 0
    data = trace(expression, at=_point(at), mode="both").to_dict()
    _open(browser, path)
    browser.execute_script("window.adkitPlayer.goto(2)")
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {})["data"])
    (tmp_path / "p.pdf").write_bytes(pdf)
    text = subprocess.run([pdftotext, "-layout", str(tmp_path / "p.pdf"), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    lines = [line.split() for line in text.splitlines()]
    for step in data["steps"]:
        want = [number(step["value"], 4)]
        want += [number(step["tangent"][x], 4) for x in data["inputs"]] if mode != "reverse" else []
        want += [number(step["adjoint"], 4)] if mode != "forward" else []
        assert sum(1 for words in lines if words[-len(want):] == want) >= 1, (step["name"], want)
    assert all(f"{x} = {number(v, 4)}" in text for x, v in data["gradient"].items())
    assert "⇤" not in text and "⇥" not in text  # no controls on paper
