"""Issue 25: the site of ``adkit web`` in headless Chromium, cold: time to the first table, then the next formulas.

Builds the site (from the cache in ~/.cache/adkit), serves it on 127.0.0.1 and
opens it ROUNDS times, each in a new browser (a fresh profile: no cached
WebAssembly), reading ``window.adkitApp.timings`` (``performance.now()`` when
Python started, when adkit was ready, when the first table was shown); then
times ``adkitApp.run`` on five more formulas.  Prints the load average too:
on a shared 2-core machine the cold load follows it.

Usage:  python benchmarks/web_load.py [ROUNDS]
"""

from __future__ import annotations

import functools
import http.server
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from adkit.web.build import build_site

FORMULAS = (("sin(x)*y", "x=1,y=2"), ("x*y + exp(x)", "x=1,y=2"), ("ln(x1) + x1*x2 - sin(x2)", "x1=2,x2=5"),
            ("tanh(x*y)/y", "x=1,y=2"), ("a = exp(x); b = a^2; c = a + b; d = exp(c); e = sin(c); f = d + e", "x=0.5"))
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def one_round(url: str) -> tuple[dict[str, float], list[float]]:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.set_script_timeout(120)
        driver.get(url)
        while not driver.execute_script("return window.adkitApp && window.adkitApp.timings.firstTable"):
            time.sleep(0.05)
        timings = driver.execute_script("return window.adkitApp.timings")
        nexts = [driver.execute_async_script(
            "const done = arguments[arguments.length - 1], t = performance.now();"
            "window.adkitApp.run({formula: arguments[0], at: arguments[1]}).then(() => done(performance.now() - t));",
            formula, at) for formula, at in FORMULAS]
        return timings, nexts
    finally:
        driver.quit()


def main(rounds: int) -> None:
    site = Path(tempfile.mkdtemp()) / "site"
    size = build_site(site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"site {size / 1e6:.2f} MB; load average before {os.getloadavg()[0]:.1f}")
    firsts, nexts = [], []
    for _ in range(rounds):
        timings, times = one_round(url)
        firsts.append(timings["firstTable"])
        nexts += times
        print(f"python {timings['python']:.0f} ms, ready {timings['ready']:.0f} ms, first table "
              f"{timings['firstTable']:.0f} ms; next formulas {', '.join(f'{t:.0f}' for t in times)} ms")
    print(f"first table: median {statistics.median(firsts):.0f} ms ({min(firsts):.0f}–{max(firsts):.0f}); "
          f"next formula: median {statistics.median(nexts):.0f} ms, max {max(nexts):.0f} ms; "
          f"load average after {os.getloadavg()[0]:.1f}")
    server.shutdown()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
