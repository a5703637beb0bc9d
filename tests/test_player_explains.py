"""Issue 24, point 7: the sweep player explains itself, checked in headless Chromium.

A legend, the numbers on the nodes, every partial's label clear of its own
edge, and ``--mode both`` going on from forward into reverse mode.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from adkit import trace
from adkit.ir.notation import UNICODE, number
from test_player_browser import PROGRAMS, _no_errors_and_no_requests, _open, _point, browser, pages  # noqa: F401

LEGEND = ["this event's step", "the step sending its adjoint (+=)", "has its number in this sweep",
          "a node: its step, value, and v̇ (forward) or v̄ (reverse)", "0.5 number on an edge: the local partial ∂vⱼ/∂vᵢ",
          "a tangent flowing forward", "an adjoint flowing back"]

#: For every labelled edge: does its label's box meet its own line?  Points sampled along each segment.
CROSSINGS = """
var out = [];
document.querySelectorAll('g[data-edge]').forEach(function (line) {
  var key = line.dataset.edge, labels = document.querySelectorAll('svg > g:nth-child(3) > g');
  var index = Array.from(document.querySelectorAll('svg > g:first-child > g')).indexOf(line);
  var text = labels[index].querySelector('text');
  if (!text) return;
  var b = text.getBBox(), p = line.querySelector('polyline').getAttribute('points').split(' ').map(Number);
  for (var k = 0; k + 3 < p.length; k += 2)
    for (var t = 0; t <= 1; t += 0.02) {
      var x = p[k] + t * (p[k + 2] - p[k]), y = p[k + 1] + t * (p[k + 3] - p[k + 1]);
      if (x > b.x + 1 && x < b.x + b.width - 1 && y > b.y + 1 && y < b.y + b.height - 1) { out.push(key); return; }
    }
});
return out;
"""


def test_the_legend_says_what_colours_lines_and_numbers_mean(browser, pages):
    _open(browser, pages["seed"])
    items = browser.execute_script("return Array.from(document.querySelectorAll('#legend li'), e => e.textContent.trim())")
    assert items == LEGEND
    assert browser.find_element(By.ID, "legend").is_displayed()


@pytest.mark.parametrize("name", ["seed", "eq-3.44", "fan-out", "fan-out-3", "quotient"])
def test_no_partial_is_written_across_its_own_edge(browser, pages, name):
    _open(browser, pages[name])
    assert browser.execute_script(CROSSINGS) == []
    _no_errors_and_no_requests(browser, pages[name])


def test_nodes_show_their_value_and_this_sweeps_derivative(browser, pages):
    expression, at = PROGRAMS["seed"]
    data = trace(expression, at=_point(at), mode="both").to_dict()
    _open(browser, pages["seed"])
    read = "return Array.from(document.querySelectorAll('.node'), g => Array.from(g.querySelectorAll('text'), t => t.textContent))"
    browser.execute_script("window.adkitPlayer.setMode('forward'); window.adkitPlayer.goto(13)")  # sweep 2 done: ∂/∂x2
    nodes = browser.execute_script(read)
    assert nodes[0] == ["v₋₁", "2", f"{UNICODE.dot(-1)} = 0"]
    assert nodes[-1] == ["v₅", "11.65", f"{UNICODE.dot(5)} = {number(data['gradient']['x2'])}"]
    browser.execute_script("window.adkitPlayer.setMode('reverse'); window.adkitPlayer.goto(8)")  # v̄₃ += v̄₅·(−1)
    nodes = browser.execute_script(read)
    assert nodes[-1] == ["v₅", "11.65", "v̄₅ = 1"] and nodes[4] == ["v₃", "-0.9589", "v̄₃ = -1"]
    assert nodes[0] == ["v₋₁", "2", ""]  # its adjoint has not arrived yet
    browser.execute_script("window.adkitPlayer.goto(0)")  # the primal sweep: values only
    assert browser.execute_script(read)[:2] == [["v₋₁", "2", ""], ["v₀", "", ""]]


def test_mode_both_goes_on_from_forward_into_reverse_mode(browser, pages):
    _open(browser, pages["seed"])
    state = lambda: browser.execute_script("return window.adkitPlayer.state()")  # noqa: E731
    banner = browser.find_element(By.ID, "next-mode")
    assert not banner.is_displayed()
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.END)
    assert (state()["mode"], state()["index"]) == ("forward", 13)
    assert banner.is_displayed() and banner.text == "next: reverse mode — press → or ▶ to go on, or pick it in the mode menu"
    assert browser.find_element(By.ID, "next").get_attribute("title") == "go on with reverse mode (→)"
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    assert (state()["mode"], state()["index"]) == ("reverse", 0) and not banner.is_displayed()
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.END, Keys.ARROW_RIGHT)  # reverse is the last mode
    assert (state()["mode"], state()["index"]) == ("reverse", 14)
    assert browser.find_element(By.ID, "next").get_attribute("title") == "next event (→)"
    assert browser.execute_script("return window.adkitPlayer.setMode('forward') && window.adkitPlayer.goto(13) "
                                  "&& window.adkitPlayer.next()")["mode"] == "forward"  # the API's next() stays put
