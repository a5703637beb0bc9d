"""How big the sweep player's page is and how fast it opens, for the seed and a 300-step program.

``python benchmarks/player_speed.py [RUNS]`` (default 5) writes each page with
``adkit play`` (timed in-process), then opens it from disk in headless
Chromium RUNS times and reports the median time from navigation start to the
page's ``adkit-ready`` mark (the graph and table drawn, the first event shown)
and the median time to walk every reverse event with ``adkitPlayer.next()``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adkit.present.player import player_page  # noqa: E402
from adkit.trace import trace  # noqa: E402

PROGRAMS = {
    "seed (7 steps)": ("ln(x1) + x1*x2 - sin(x2)", {"x1": 2.0, "x2": 5.0}),
    "300 steps": ("; ".join(["a1 = sin(x)"] + [f"a{i} = sin(a{i - 1}) + x" if i % 2 else f"a{i} = cos(a{i - 1})"
                                               for i in range(2, 201)]), {"x": 0.5}),
}


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,720",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main(runs: int) -> None:
    driver = browser()
    folder = Path(tempfile.mkdtemp())
    print("| program | steps | events (forward + reverse) | file size | write (Python) | navigation → ready | walk every reverse event |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    try:
        for name, (text, at) in PROGRAMS.items():
            start = time.perf_counter()
            result = trace(text, at=at, mode="both")
            page = player_page(result)
            write = time.perf_counter() - start
            path = folder / "page.html"
            path.write_text(page, encoding="utf-8")
            ready, walk = [], []
            for _ in range(runs):
                driver.get("about:blank")
                driver.get(path.as_uri())
                ready.append(driver.execute_script("return performance.getEntriesByName('adkit-ready')[0].startTime"))
                walk.append(driver.execute_script(
                    "var p = window.adkitPlayer, n = p.setMode('reverse').count, t = performance.now();"
                    "for (var i = 1; i < n; i++) p.next(); return performance.now() - t;"))
            forward = len(result.steps) * len(result.seeds)
            reverse = len(result.steps) + len(result.reverse_sweep(0))
            print(f"| {name} | {len(result.steps)} | {forward} + {reverse} | {len(page.encode()) / 1024:.1f} KB "
                  f"| {write * 1000:.0f} ms | {statistics.median(ready):.0f} ms "
                  f"| {statistics.median(walk):.0f} ms ({statistics.median(walk) / max(reverse - 1, 1):.2f} ms/event) |")
    finally:
        driver.quit()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
