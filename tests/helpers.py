"""Shared test helpers: run the CLI in-process with deterministic consoles."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from rich.console import Console

from adkit.cli import main

TRACES = Path(__file__).resolve().parent.parent / "traces"


def need(tool: str) -> str:
    """The tool's path; the test is skipped when it is missing, except in CI."""
    path = shutil.which(tool) or (tool if os.path.exists(tool) else None)
    if path is None:
        missing(tool)
    return path


def chromium(width: int, height: int, downloads: Path | None = None):
    """Headless Debian Chromium driven by selenium, with the flags this closed network needs
    (no background connections); its console and network logs kept; ``downloads``: where files go."""
    need("/usr/bin/chromium")
    need("/usr/bin/chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    if downloads is not None:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                  "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    if downloads is not None:
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def missing(what: str) -> None:
    """Skip a test for a missing system tool, but fail when env CI is set:
    .ci/run installs every tool a test needs, so CI never skips one."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} not installed")


def console(width: int = 200, file: io.StringIO | None = None) -> Console:
    return Console(file=file or io.StringIO(), width=width, color_system=None, force_terminal=False,
                   highlight=False, soft_wrap=True, legacy_windows=False)


def run_cli(*argv: str, width: int = 200) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``adkit ARGV``."""
    out, err = console(width), console(width)
    status = main(list(argv), out=out, err=err)
    return status, out.file.getvalue(), err.file.getvalue()


def run_cli_combined(*argv: str, width: int = 200) -> tuple[int, str]:
    """(exit status, stdout and stderr interleaved as a terminal shows them)."""
    buffer = io.StringIO()
    status = main(list(argv), out=console(width, buffer), err=console(width, buffer))
    return status, buffer.getvalue()


def golden_output(argv: list[str]) -> str:
    """What a golden file holds: the command's standard output (it must succeed)."""
    status, out, err = run_cli(*argv)
    if status != 0:
        raise AssertionError(f"adkit {' '.join(argv)} failed: {err}")
    return out


def xlsx_bytes(rows) -> bytes:
    """A one-sheet .xlsx of ``rows`` (iterables of cells), as Excel would hand it over."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
