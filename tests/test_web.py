"""``adkit web`` without a browser: the bridge is the command line, the wheel is the package, the build
writes what the page loads, and the two Pyodide paths (verify inline, adkit.nn without numpy).

The browser itself is tests/test_web_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import adkit
from adkit.web import build
from adkit.web.bridge import cli
from helpers import run_cli

SEED = ("ln(x1) + x1*x2 - sin(x2)", "--at=x1=2,x2=5")
RUN = subprocess.run  # the fixture below takes it away from the build


@pytest.mark.parametrize("argv", [
    ["trace", *SEED, "--format", "json"],
    ["trace", *SEED, "--format", "html", "--explain", "--style", "textbook"],
    ["trace", "x1 + * x2", "--at=x1=1,x2=2"],  # the one-line error with its caret
    ["trace", " -x^2", "--at=x=3", "--format", "json", "--lang", "vi"],
    ["trace", "x*y", "--at=x=1,y=2,z=3", "--format", "json"],  # a warning on stderr, status 0
    ["play", *SEED, "-o", "-"],
])
def test_the_bridge_prints_what_the_command_prints(argv):
    answer = cli(argv)
    assert (answer["status"], answer["out"], answer["err"]) == run_cli(*argv)


def test_a_formula_read_from_standard_input_is_empty_in_the_page():
    """The page has no standard input (Pyodide would open a prompt() dialog for it)."""
    before = sys.stdin
    answer = cli(["trace", " - ", "--at=x=1"])
    assert answer["status"] == 2 and answer["err"].startswith("adkit: error: empty expression")
    assert sys.stdin is before


def test_the_error_the_page_shows_is_one_line_and_a_caret():
    err = cli(["trace", "x1 + * x2", "--at=x1=1,x2=2"])["err"].splitlines()
    assert err[0].startswith("adkit: error: ") and err[1:] == ["  x1 + * x2", "       ^"]


def test_the_wheel_is_the_installed_package(tmp_path):
    path = build.adkit_wheel(tmp_path)
    root = Path(adkit.__file__).parent
    wanted = {f"adkit/{p.relative_to(root).as_posix()}" for p in root.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    with zipfile.ZipFile(path) as wheel:
        names = set(wheel.namelist())
        info = f"adkit-{adkit.__version__}.dist-info"
        assert names - wanted == {f"{info}/METADATA", f"{info}/WHEEL", f"{info}/RECORD"}
        assert wanted <= names and "adkit/web/assets/app.js" in names and "adkit/present/assets/player.js" in names
        for line in wheel.read(f"{info}/RECORD").decode().splitlines()[:-1]:
            name, digest, size = line.split(",")
            data = wheel.read(name)
            assert digest == "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert int(size) == len(data)
    assert build.adkit_wheel(tmp_path).read_bytes() == path.read_bytes()  # the same sources, the same bytes


@pytest.fixture
def fake_cache(tmp_path, monkeypatch):
    """A cache that already holds the runtime and rich's wheel: the build fetches nothing."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runtime = build.cache_dir() / f"pyodide-{build.PYODIDE_VERSION}"
    runtime.mkdir(parents=True)
    for name in build.RUNTIME:
        (runtime / name).write_text(name)
    (runtime / build.LOCK).write_text(json.dumps({"info": {"python": "3.14.2"}, "packages": {"numpy": {}}}))
    from importlib.metadata import version

    wheels = build.cache_dir() / "wheels"
    wheels.mkdir()
    (wheels / f"rich-{version('rich')}-py3-none-any.whl").write_bytes(b"rich")
    monkeypatch.setattr(build.shutil, "which", lambda name: None)  # npm is never needed, node is not there
    monkeypatch.setattr(build.subprocess, "run", None)  # nor pip
    return tmp_path


def test_the_site_holds_what_the_page_loads(fake_cache):
    site = fake_cache / "site"
    status, out, err = run_cli("web", "-o", str(site))
    assert status == 0 and out == ""
    assert err.startswith(f"wrote {site}: ") and "python3 -m http.server -d" in err
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    from importlib.metadata import version

    assert files == {"index.html", "app.js", "app.css", f"wheels/adkit-{adkit.__version__}-py3-none-any.whl",
                     f"wheels/rich-{version('rich')}-py3-none-any.whl"} | {f"pyodide/{n}" for n in build.RUNTIME}
    page = (site / "index.html").read_text(encoding="utf-8")
    config = json.loads(page.split('<script type="application/json" id="adkit-web">')[1].split("</script>")[0])
    assert config["wheels"] == sorted(f for f in files if f.startswith("wheels/"))  # adkit first, then rich
    assert config["sympy"] == [] and config["bytecode"] is None and config["labels"]["vi"]["run"] == "Lập dấu vết"
    lock = json.loads((site / "pyodide" / build.LOCK).read_text())
    assert lock == {"info": {"python": "3.14.2"}, "packages": {}}  # Pyodide's CDN packages are never loaded
    assert set(config["labels"]["en"]) == set(config["labels"]["vi"])
    assert "https:" not in page + (site / "app.js").read_text() and "{config}" not in page
    assert run_cli("web", "-o", str(site))[0] == 2  # an existing folder needs --force
    assert run_cli("web", "-o", str(site), "--force", "--lang", "vi")[0] == 0  # the page opens in Vietnamese
    page = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and '"lang": "vi"' in page and "<title>adkit: vi phân tự động" in page


def test_a_failed_compile_is_one_line(fake_cache, monkeypatch):
    monkeypatch.setattr(build.shutil, "which", lambda name: "/bin/false" if name == "node" else None)
    monkeypatch.setattr(build.subprocess, "run", RUN)
    status, _, err = run_cli("web", "-o", str(fake_cache / "site"))
    assert (status, err) == (2, "adkit: error: could not compile the page's byte-code with /bin/false: 1\n")


def test_without_npm_the_build_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(build.shutil, "which", lambda name: None)
    status, out, err = run_cli("web", "-o", str(tmp_path / "site"))
    assert status == 2 and err.count("\n") == 1 and "npm" in err and "apt-get install npm" in err


def test_a_failed_download_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(build.shutil, "which", lambda name: "/bin/false")
    status, _, err = run_cli("web", "-o", str(tmp_path / "site"))
    assert status == 2 and err.startswith(f"adkit: error: could not fetch pyodide {build.PYODIDE_VERSION}: ")
    assert err.count("\n") == 1


def test_the_bytecode_is_compiled_only_inside_pyodide(tmp_path):
    from adkit.web.bytecode import compile_imported

    with pytest.raises(RuntimeError, match="inside Pyodide"):
        compile_imported(str(tmp_path / "b.zip"))
    assert not (tmp_path / "b.zip").exists()


def test_verify_runs_inline_in_pyodide(monkeypatch):
    """No fork, no thread: sys.platform is "emscripten" there, and the sympy job runs in the caller."""
    import multiprocessing
    import threading

    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setattr(multiprocessing, "get_context", None)
    monkeypatch.setattr(threading, "Thread", None)
    checked = adkit.verify(adkit.trace(SEED[0], at={"x1": 2, "x2": 5}))
    assert checked.ok and checked.symbolic and not checked.timed_out


def test_adkit_nn_says_it_needs_numpy():
    code = "import sys; sys.modules['numpy'] = None\nimport adkit, adkit.trace\ntry:\n import adkit.nn\n" \
           "except ModuleNotFoundError as e:\n print(e.name, e, sep='|')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    name, text = done.stdout.strip().split("|")
    assert name == "numpy" and text.startswith("adkit.nn needs numpy") and "\n" not in text
