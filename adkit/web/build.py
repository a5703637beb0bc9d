"""``adkit web -o DIR``: the static site, put together from three downloads and adkit itself.

* the Pyodide runtime, from the npm package ``pyodide`` (``npm pack``, pinned),
  because its default is to load itself from a CDN and the page must not;
* pure-Python wheels of what the page imports besides adkit (rich lays out the
  text tables; sympy and mpmath only with ``--with-sympy``), from PyPI with
  ``pip download``, at the versions installed here, the ones adkit is tested with;
* adkit's own wheel, zipped from the installed package, so the page runs the
  code that built it;
* with node (which npm brings), the byte-code of the modules the page imports,
  compiled by the page's own Python (:mod:`adkit.web.bytecode`).

Downloads are kept in ``$XDG_CACHE_HOME/adkit`` (``~/.cache/adkit``): a
second build, or a test, fetches nothing.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

from adkit.api import VERSION
from adkit.errors import BindingError
from adkit import messages
from adkit.messages import LANGUAGES, language, message
from adkit.present.data import dumps, script_json

PYODIDE_VERSION = "314.0.8"
#: The files of the npm package the page loads (the rest are type declarations, maps and consoles).
RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
LOCK = "pyodide-lock.json"
#: What the page imports besides adkit, and what ``--with-sympy`` adds (loaded only for a check).
DEPENDENCIES = ("rich",)
SYMPY = ("sympy", "mpmath")
#: The formula the page opens with when its link names none.
SEED = {"formula": "ln(x1) + x1*x2 - sin(x2)", "at": "x1=2,x2=5"}
#: Files of the page itself (package data beside this module).
PAGE = ("app.js", "app.css")
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # the same wheel bytes from the same sources


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "adkit"


def _fetch(command: list[str], what: str, key: str = "web.fetch_failed") -> None:
    """Run a download (or node's compile); a failure is one line: ``key`` with the tool's own error."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BindingError(key, what=what, reason=str(exc)) from None
    if done.returncode:
        lines = [line.strip() for line in (done.stderr + done.stdout).splitlines() if 0 < len(line.strip()) < 300]
        errors = [line for line in lines if re.match(r"\w+(Error|Exception): ", line)
                  and not line.startswith("PythonError: Traceback")]  # node: the Python error, not the stack
        raise BindingError(key, what=what, reason=(errors or lines or [done.returncode])[-1])


def pyodide_runtime(cache: Path) -> Path:
    """The runtime's files in the cache, fetched with ``npm pack`` the first time."""
    folder = cache / f"pyodide-{PYODIDE_VERSION}"
    if all((folder / name).is_file() for name in RUNTIME):
        return folder
    npm = shutil.which("npm")
    if npm is None:
        raise BindingError("web.needs_npm")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        _fetch([npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", tmp, "--silent"],
               f"pyodide {PYODIDE_VERSION}")
        staging = Path(tmp) / "files"
        staging.mkdir()
        with tarfile.open(Path(tmp) / f"pyodide-{PYODIDE_VERSION}.tgz") as tar:
            for name in RUNTIME:  # by name: nothing else in the archive is written anywhere
                source = tar.extractfile(f"package/{name}")
                assert source is not None
                (staging / name).write_bytes(source.read())
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    return folder


def dependency_wheel(name: str, cache: Path) -> Path:
    """The pure-Python wheel of ``name`` at the installed version, downloaded once."""
    version = importlib.metadata.version(name)
    folder = cache / "wheels"
    prefix = f"{re.sub(r'[-_.]+', '_', name).lower()}-{version}-"
    for _ in range(2):
        found = [p for p in sorted(folder.glob("*.whl")) if p.name.lower().startswith(prefix)]
        if found:
            if not found[0].name.endswith("-none-any.whl"):
                raise BindingError("web.not_pure", wheel=found[0].name)
            return found[0]
        folder.mkdir(parents=True, exist_ok=True)
        _fetch([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                "--only-binary=:all:", "--no-deps", "--dest", str(folder), f"{name}=={version}"], f"{name} {version}")
    raise BindingError("web.fetch_failed", what=f"{name} {version}", reason=str(folder))


def adkit_wheel(dest: Path) -> Path:
    """adkit's wheel, zipped from the installed package (sources and package data, no caches)."""
    root = Path(resources.files("adkit"))  # type: ignore[arg-type]
    info = f"adkit-{VERSION}.dist-info"
    files = {f"adkit/{p.relative_to(root).as_posix()}": p.read_bytes() for p in sorted(root.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: adkit\nVersion: {VERSION}\n".encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: adkit web\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},"
              f"{len(data)}" for name, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode()
    path = dest / f"adkit-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            wheel.writestr(zipfile.ZipInfo(name, _FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return path


def bytecode(runtime: Path, wheels: list[Path], cache: Path) -> Path | None:
    """``bytecode.zip`` for these wheels (see :mod:`adkit.web.bytecode`), made once by node and cached;
    None without node (the page then compiles from source: the same page, slower to start)."""
    node = shutil.which("node")
    if node is None:
        return None
    digest = hashlib.sha256(PYODIDE_VERSION.encode())
    for wheel in wheels:
        digest.update(wheel.read_bytes())
    cached = cache / f"bytecode-{digest.hexdigest()[:20]}.zip"
    if not cached.is_file():
        script = Path(str(resources.files("adkit.web").joinpath("assets", "bytecode.mjs")))
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            _fetch([node, str(script), str(runtime), str(Path(tmp) / "bytecode.zip"), *map(str, wheels)], node,
                   "web.bytecode_failed")
            (Path(tmp) / "bytecode.zip").rename(cached)
    return cached


def page_labels() -> dict[str, dict[str, str]]:
    """The page's own labels (``web.ui.*``) in every language, as templates: the page fills ``{version}``."""
    labels = {key: messages.MESSAGES[key] for key in messages.keys_under("web.ui")}
    return {lang: {key[len("web.ui."):]: entry.get(lang, entry["en"]) for key, entry in labels.items()}
            for lang in LANGUAGES}


def _asset(name: str) -> str:
    return resources.files("adkit.web").joinpath("assets", name).read_text(encoding="utf-8")


def build_site(out: Path, with_sympy: bool = False) -> int:
    """Write the site into ``out``; returns its size in bytes."""
    cache = cache_dir()
    runtime = pyodide_runtime(cache)
    core = [dependency_wheel(name, cache) for name in DEPENDENCIES]
    extra = [dependency_wheel(name, cache) for name in SYMPY] if with_sympy else []
    for folder in (out / "pyodide", out / "wheels"):
        folder.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME:
        shutil.copyfile(runtime / name, out / "pyodide" / name)
    # the lock file lists 357 packages on Pyodide's CDN, which the page never loads: only its "info" is kept
    lock = json.loads((runtime / LOCK).read_text(encoding="utf-8"))
    (out / "pyodide" / LOCK).write_text(dumps({"info": lock["info"], "packages": {}}), encoding="utf-8")
    for wheel in core + extra:
        shutil.copyfile(wheel, out / "wheels" / wheel.name)
    own = adkit_wheel(out / "wheels")
    compiled = bytecode(runtime, [own, *core], cache)
    if compiled is not None:
        shutil.copyfile(compiled, out / "wheels" / "bytecode.zip")
    config = {"version": VERSION, "seed": SEED, "lang": language(), "languages": list(LANGUAGES),
              "labels": page_labels(), "wheels": [f"wheels/{own.name}"] + [f"wheels/{w.name}" for w in core],
              "sympy": [f"wheels/{w.name}" for w in extra], "bytecode": compiled and "wheels/bytecode.zip"}
    payload = script_json(config)
    parts = {"title": html.escape(message("web.ui.title")), "config": payload, "lang": language()}
    page = re.sub(r"\{(title|config|lang)\}", lambda m: parts[m.group(1)], _asset("index.html"))
    (out / "index.html").write_text(page, encoding="utf-8")
    for name in PAGE:
        (out / name).write_text(_asset(name), encoding="utf-8")
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
