"""The site ``adkit web`` writes, in a real browser (headless Chromium) against a static server on 127.0.0.1.

The oracles are the command line's own outputs, computed apart from the page
(``run_cli``): the trace JSON, the HTML table, the error with its caret, the
answer key.  Every request the browser makes must go to that server.  The
build fetches Pyodide and rich once into ~/.cache/adkit (npm and PyPI), so the
first run needs the registry; skipped only off CI when Chromium is missing.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
import time
import zipfile
from contextlib import contextmanager
from urllib.parse import quote

import pytest

from helpers import chromium, run_cli

SEED = ("ln(x1) + x1*x2 - sin(x2)", "x1=2,x2=5")
SIZE_LIMIT = 15_000_000  #: bytes, without sympy (issue 25)
LOAD_LIMIT = 60.0  #: seconds from a cold start to the first table; the issue's 10 s is measured in benchmarks/RESULTS.md


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web") / "site"
    status, out, err = run_cli("web", "-o", str(folder))
    assert status == 0, err
    return folder


@contextmanager
def _served(site):
    """A static server of ``site`` on 127.0.0.1 that notes every path asked of it."""
    asked: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            asked.append(self.path)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", asked
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def server(site):
    with _served(site) as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    driver = chromium(1280, 900)
    driver.set_script_timeout(LOAD_LIMIT)
    yield driver
    driver.quit()


def _call(browser, script: str, *args):
    """Await the promise ``script`` returns in the page: ["ok", value] or ["error", message]."""
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"Promise.resolve().then(() => {{ {script} }}).then(v => done(['ok', v]), e => done(['error', String(e.message || e)]));",
        *args)


def _open(browser, url):
    """Open ``url`` cold and wait until adkit is loaded and the first table is shown."""
    browser.get("about:blank")
    browser.get(url)
    assert _call(browser, "return window.adkitApp.ready")[0] == "ok"
    deadline = time.monotonic() + LOAD_LIMIT
    while not browser.execute_script("return window.adkitApp.timings.firstTable"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return browser


@pytest.fixture(scope="module")
def page(browser, server):
    return _open(browser, server[0])


def _table_is(browser, html: str) -> bool:
    """The table pane holds ``html`` (both read back through the DOM, so escapes compare equal)."""
    return browser.execute_script("const d = document.createElement('div'); d.innerHTML = arguments[0];"
                                  "return d.innerHTML === document.getElementById('table').innerHTML;", html)


def _run(browser, **request):
    return _call(browser, "return window.adkitApp.run(arguments[0])", request)


def test_the_site_is_small_enough(site):
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    assert size <= SIZE_LIMIT, size
    with zipfile.ZipFile(site / "wheels" / "bytecode.zip") as compiled:  # node came with npm
        names = compiled.namelist()
    assert any(re.search(r"/adkit/__pycache__/trace\.cpython-3\d+\.pyc$", name) for name in names), names[:5]
    assert all("/adkit/" in name for name in names)


def test_the_seed_table_is_the_commands(page):
    expression, at = SEED
    assert page.find_element("id", "formula").get_attribute("value") == expression
    html = run_cli("trace", expression, "--at", at, "--format", "html", "--explain")[1]
    assert html.startswith('<table class="adkit-trace"') and _table_is(page, html)
    status, data = _run(page, formula=expression, at=at, mode="")
    assert status == "ok" and data == json.loads(run_cli("trace", expression, "--at", at, "--format", "json")[1])
    for mode in ("forward", "reverse", "both"):
        status, data = _run(page, formula=expression, at=at, mode=mode)
        want = run_cli("trace", expression, "--at", at, "--mode", mode, "--format", "json")[1]
        assert status == "ok" and data == json.loads(want), mode
    timings = page.execute_script("return window.adkitApp.timings")
    assert timings["python"] < timings["ready"] < timings["firstTable"] < LOAD_LIMIT * 1000


def test_the_next_formula_is_quick(page):
    took = []
    for formula, at in (("sin(x)*y", "x=1,y=2"), ("x*y + exp(x)", "x=1,y=2"), ("tanh(x*y)/y", "x=0.5,y=2")):
        took.append(_call(page, "const t = performance.now(); return window.adkitApp.run(arguments[0])"
                                ".then(() => performance.now() - t)", {"formula": formula, "at": at, "mode": ""}))
    assert all(status == "ok" for status, _ in took), took
    assert min(ms for _, ms in took) < 1000, took  # 100 ms is the aim (benchmarks/RESULTS.md), not a loaded CI's


def test_a_bad_formula_shows_the_caret_message(page):
    status, shown = _run(page, formula="x1 + * x2", at="x1=1,x2=2", mode="")
    want = run_cli("trace", "x1 + * x2", "--at", "x1=1,x2=2")[2].rstrip()
    assert status == "error" and shown == want == page.execute_script("return window.adkitApp.error()")
    assert page.find_element("id", "error").text == want and want.endswith("\n       ^")
    from selenium.webdriver.support.select import Select

    Select(page.find_element("id", "lang")).select_by_value("vi")  # the page runs the formula again in it
    assert page.execute_script("return window.adkitApp.error()") == \
        run_cli("trace", "x1 + * x2", "--at", "x1=1,x2=2", "--lang", "vi")[2].rstrip()
    assert page.find_element("id", "run").text == "Lập dấu vết"
    Select(page.find_element("id", "lang")).select_by_value("en")
    assert _run(page, formula="x1 * x2", at="x1=1,x2=2", mode="")[0] == "ok"
    assert page.execute_script("return window.adkitApp.error()") is None
    assert not page.find_element("id", "error").is_displayed()


def test_the_player_steps(page):
    expression, at = SEED
    assert _run(page, formula=expression, at=at, mode="both")[0] == "ok"
    status, first = _call(page, "return window.adkitApp.player().then(p => p.setMode('reverse'))")
    data = json.loads(run_cli("trace", expression, "--at", at, "--mode", "both", "--format", "json")[1])
    assert status == "ok" and first["index"] == 0 and first["count"] == len(data["steps"]) + len(data["reverse_sweep"])
    last = _call(page, "return window.adkitApp.player().then(p => p.goto(1e9))")[1]
    assert (last["step"], last["shown"][last["step"]]) == (data["reverse_sweep"][-1]["target"],
                                                          data["reverse_sweep"][-1]["adjoint"])
    assert _call(page, "return window.adkitApp.player().then(p => p.prev())")[1]["index"] == first["count"] - 2


def test_jacobian_and_cost_for_several_outputs(page):
    assert _run(page, formula="a = x*y; b = sin(x) + y^2", at="x=1,y=2", outputs="a,b", mode="")[0] == "ok"
    page.find_element("css selector", "nav [data-tab=jacobian]").click()
    for command in ("jacobian", "cost"):
        want = run_cli(command, "a = x*y; b = sin(x) + y^2", "--at", "x=1,y=2", "--outputs", "a,b", width=100)[1]
        assert page.execute_script(f"return document.getElementById('{command}').textContent") == want


def test_a_shared_link_reopens_the_formula(browser, server):
    url, _ = server
    formula, at = "x₁·exp(−x₁) + √y", "x₁=1, y=π"
    _open(browser, f"{url}#f={quote(formula)}&at={quote(at)}&mode=forward")
    values = [browser.find_element("id", name).get_attribute("value") for name in ("formula", "at", "mode")]
    assert values == [formula, at, "forward"]
    status, html, _ = run_cli("trace", formula, "--at", at, "--mode", "forward", "--format", "html", "--explain")
    assert status == 0
    assert _table_is(browser, html)
    assert browser.find_element("id", "share").get_attribute("href") == browser.current_url


def test_practise_marks_a_right_and_a_wrong_answer(page, tmp_path):
    assert _call(page, "return window.adkitApp.practise({seed: 7, difficulty: 2})")[0] == "ok"
    key_path = tmp_path / "key.json"
    assert run_cli("exercise", "--random", "--seed", "7", "--difficulty", "2", "--key", str(key_path))[0] == 0
    exercise = json.loads(key_path.read_text(encoding="utf-8"))["exercises"][0]
    (right_step, right_column), (wrong_step, wrong_column) = exercise["graded"][:2]
    right = next(s for s in exercise["steps"] if s["step"] == right_step)[right_column]
    wrong = next(s for s in exercise["steps"] if s["step"] == wrong_step)[wrong_column] * 2 + 1
    page.switch_to.frame(page.find_element("id", "sheet"))
    try:
        page.find_element("id", "blank-0").send_keys(repr(right))
        page.find_element("id", "blank-1").send_keys(repr(wrong))
    finally:
        page.switch_to.default_content()
    status, marking = _call(page, "return window.adkitApp.mark()")
    assert status == "ok", marking
    marks = {(c["step"], c["column"]): c["status"] for c in marking["cells"]}
    assert marks[(right_step, right_column)] == "ok" and marks[(wrong_step, wrong_column)] == "wrong"
    shown = page.find_element("id", "marks").text
    assert "✗" in shown and f"{marking['score']}/{marking['max_score']}" in shown.replace(" ", "")


def test_practise_names_a_forgotten_seed(page, tmp_path):
    """Every blank right but the output's adjoint, written 0: the marks name the mistake (issue 26)."""
    assert _call(page, "return window.adkitApp.practise({seed: 5, difficulty: 1})")[0] == "ok"
    key_path = tmp_path / "key.json"
    assert run_cli("exercise", "--random", "--seed", "5", "--difficulty", "1", "--key", str(key_path))[0] == 0
    exercise = json.loads(key_path.read_text(encoding="utf-8"))["exercises"][0]
    entries = {s["step"]: s for s in exercise["steps"]}
    seed_cell = (exercise["output_step"], "adjoint")
    page.switch_to.frame(page.find_element("id", "sheet"))
    try:
        for n, (step, column) in enumerate(exercise["graded"]):
            page.find_element("id", f"blank-{n}").send_keys("0" if (step, column) == seed_cell
                                                            else repr(entries[step][column]))
    finally:
        page.switch_to.default_content()
    status, marking = _call(page, "return window.adkitApp.mark()")
    assert status == "ok", marking
    named = {(c["step"], c["column"]): c["feedback"]["mistake"] for c in marking["cells"] if "feedback" in c}
    assert named == {seed_cell: "seed_forgotten"}
    assert "likely mistake:" in page.find_element("id", "marks").text


def test_once_loaded_it_works_offline(page):
    page.execute_cdp_cmd("Network.enable", {})
    page.execute_cdp_cmd("Network.emulateNetworkConditions",
                         {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    try:
        assert _run(page, formula="x*exp(-x)", at="x=1", mode="reverse")[0] == "ok"
        assert _call(page, "return window.adkitApp.player().then(p => p.next().index)") == ["ok", 1]
        assert _call(page, "return window.adkitApp.practise({seed: 3, difficulty: 1})")[0] == "ok"
        assert _call(page, "return window.adkitApp.mark().then(m => m.max_score > 0)") == ["ok", True]
    finally:
        page.execute_cdp_cmd("Network.emulateNetworkConditions",
                             {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def test_every_request_stayed_on_the_server(browser, server):
    """Last: after every other test in this file, nothing left 127.0.0.1, and the page logged no error."""
    url, asked = server
    urls = []
    for entry in browser.get_log("performance"):
        event = json.loads(entry["message"])["message"]
        if event["method"] == "Network.requestWillBeSent":
            urls.append(event["params"]["request"]["url"])
    assert urls and [u for u in urls if not u.startswith((url, "data:", "about:", "blob:"))] == []
    assert {"/", "/app.js", "/pyodide/pyodide.asm.wasm", "/pyodide/python_stdlib.zip"} <= set(asked)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_with_sympy_the_check_runs_in_the_page(browser, tmp_path):
    """``--with-sympy``: sympy's wheels load on the first check, and ``trace --verify`` runs inline (no fork)."""
    site = tmp_path / "site"
    assert run_cli("web", "-o", str(site), "--with-sympy")[0] == 0
    with _served(site) as (url, asked):
        _open(browser, url)
        assert not any("sympy" in path for path in asked)  # not loaded until asked for
        browser.set_script_timeout(3 * LOAD_LIMIT)
        assert _call(browser, "return window.adkitApp.check()") == ["ok", 0]
        assert any("sympy" in path for path in asked)
    shown = browser.find_element("id", "verification").text
    expression, at = SEED
    want = run_cli("trace", expression, "--at", at, "--verify", width=100)[1]
    start = want.index("Symbolic partial derivatives")
    checks = want[start:want.index("verified: every checked number agrees")]
    assert checks.strip() in shown and "verified: every checked number agrees" in shown
