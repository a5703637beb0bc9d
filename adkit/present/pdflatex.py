"""Run pdflatex on a document and hand back the PDF's bytes, or say clearly why not.

The document is compiled in a fresh temporary folder with shell escape off
and ``-halt-on-error``.  Before that, the TeX packages the document needs are
looked up with ``kpsewhich`` (Vietnamese needs vntex's T5 font encoding and
babel's Vietnamese), and after it the log is searched for characters the
fonts lacked: a PDF with letters silently dropped is an error, never output.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

from adkit.errors import BindingError

#: TeX file → the package that provides it (named in the error message).
VIETNAMESE_FILES = {"t5enc.def": "vntex", "vietnamese.ldf": "babel-vietnamese"}
#: Seconds before a pdflatex run is given up.
TIMEOUT = 120


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BindingError("pdf.no_pdflatex", program=name)
    return path


def check_packages(files: dict[str, str]) -> None:
    """BindingError naming the first package whose file ``kpsewhich`` cannot find."""
    kpsewhich = _program("kpsewhich")
    for file, package in files.items():
        found = subprocess.run([kpsewhich, file], capture_output=True, text=True, timeout=TIMEOUT)
        if found.returncode != 0 or not found.stdout.strip():
            raise BindingError("pdf.missing_package", package=package, file=file)


def _first_error(log: str) -> str:
    for line in log.splitlines():
        if line.startswith("!"):
            return line[1:].strip()
    return log.strip().splitlines()[-1] if log.strip() else "?"


def compile_pdf(source: str, vietnamese: bool = False) -> bytes:
    """The PDF of the LaTeX ``source`` (see the module docstring)."""
    pdflatex = _program("pdflatex")
    if vietnamese:
        check_packages(VIETNAMESE_FILES)
    with tempfile.TemporaryDirectory(prefix="adkit-pdf-") as folder:
        with open(os.path.join(folder, "doc.tex"), "w", encoding="utf-8") as handle:
            handle.write(source)
        try:
            subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"],
                           cwd=folder, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise BindingError("pdf.timeout", seconds=TIMEOUT) from None
        log = ""
        if os.path.exists(os.path.join(folder, "doc.log")):
            with open(os.path.join(folder, "doc.log"), encoding="utf-8", errors="replace") as handle:
                log = handle.read()
        pdf = os.path.join(folder, "doc.pdf")
        if not os.path.exists(pdf) or re.search(r"^! ", log, re.M):
            raise BindingError("pdf.failed", reason=_first_error(log))
        missing = re.search(r"Missing character: There is no (.+?) in font", log)
        if missing:
            raise BindingError("pdf.lost_characters", character=missing.group(1))
        with open(pdf, "rb") as handle:
            return handle.read()


__all__ = ["check_packages", "compile_pdf"]
