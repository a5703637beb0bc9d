"""Build and load a program's native library: the machine's C compiler, a disk cache, ctypes.

:func:`load` turns the translation units of :mod:`adkit.codegen.library` into
a loaded shared library: one unit is compiled and linked in one command; a
long program's several units each in a compiler process of its own, as many
at a time as there are CPUs, then linked (the compile is most of the cost of
a first call, and the units do not depend on each other).  The compiler is
``$CC`` (split as a shell would), else the first of ``cc``, ``gcc``, ``clang``
on PATH; without one the error says what to install.  Libraries are cached by
the SHA-256 of the units, the compiler command and the flags, in
``$ADKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/adkit/c``, else
``~/.cache/adkit/c``; a build happens in a temporary folder and its library is
renamed into place, so concurrent builds never leave a half-written library.
The source handed to the compiler was generated from the Wengert list alone
(adkit's slot numbers, registry templates, ``repr()`` of finite floats):
nothing a user typed.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from adkit.errors import AdkitError

#: -O1 without inlining keeps each chunk a function of its own, so compile time grows
#: linearly with the program (measured: benchmarks/RESULTS.md, issue 28)
FLAGS = ("-shared", "-fPIC", "-pipe", "-O1", "-fno-inline", "-ffp-contract=off")
#: GCC's own switches, passed only to GCC: dead-store elimination (tree and RTL) finds nothing
#: in a tape of stores that are all read, and value numbering's alias walks back over every
#: store of a chunk for each load of an input: together 40 % of the compile, the code as fast
GCC_FLAGS = ("-fno-tree-dse", "-fno-dse", "--param=sccvn-max-alias-queries-per-access=20")
COMPILERS = ("cc", "gcc", "clang")


@dataclass(frozen=True)
class Build:
    """A loaded library, where it lives, and what loading it cost (0 compile seconds: a cache hit)."""

    library: ctypes.CDLL
    path: Path
    compile_seconds: float
    cached: bool


def compiler() -> list[str]:
    """The C compiler command: ``$CC``, else cc, gcc or clang on PATH."""
    command = shlex.split(os.environ.get("CC", ""))
    if command and shutil.which(command[0]):
        return command
    for name in COMPILERS:
        found = shutil.which(name)
        if found:
            return [found]
    raise AdkitError("native.no_compiler")


@functools.cache
def is_gcc(command: tuple[str, ...]) -> bool:
    """Whether the compiler is GCC: it defines ``__GNUC__`` and, unlike clang, not ``__clang__``."""
    try:
        done = subprocess.run([*command, "-dM", "-E", "-x", "c", os.devnull], capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and "#define __GNUC__ " in done.stdout and "__clang__" not in done.stdout


def cache_dir() -> Path:
    explicit = os.environ.get("ADKIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "adkit" / "c"


def cache_path(units: Sequence[str], command: list[str]) -> Path:
    key = hashlib.sha256("\0".join([*units, *command, *FLAGS, *GCC_FLAGS]).encode()).hexdigest()
    return cache_dir() / f"{key}.so"


def load(units: Sequence[str]) -> Build:
    """The library of the translation ``units``: from the cache, else compiled into it."""
    command = compiler()
    path = cache_path(units, command)
    if path.exists():
        return Build(ctypes.CDLL(str(path)), path, 0.0, True)
    path.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    flags = [*FLAGS, *(GCC_FLAGS if is_gcc(tuple(command)) else ())]
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".build-") as tmp:
        built = Path(tmp) / "program.so"
        sources = [Path(tmp) / f"unit{i}.c" for i in range(len(units))]
        for source, text in zip(sources, units):
            source.write_text(text, encoding="ascii")
        if len(units) == 1:
            _run(command, [*flags, "-o", str(built), str(sources[0]), "-lm"])
        else:  # each unit in its own compiler process, as many at a time as there are CPUs, then one link
            objects = [source.with_suffix(".o") for source in sources]
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                runs = pool.map(lambda c_file, o_file: _try(command, [*flags, "-c", "-o", str(o_file), str(c_file)]),
                                sources, objects)
                failures = [failure for failure in runs if failure]
            if failures:
                raise failures[0]
            _run(command, [*flags, "-o", str(built), *map(str, objects), "-lm"])
        os.replace(built, path)  # atomic: another process sees no library or a whole one
    seconds = time.perf_counter() - start
    return Build(ctypes.CDLL(str(path)), path, seconds, False)


def _try(command: list[str], arguments: list[str]) -> AdkitError | None:
    """Run the compiler; the one-line error it failed with, or None."""
    try:
        done = subprocess.run([*command, *arguments], capture_output=True, text=True)
    except OSError as exc:
        return AdkitError("native.compiler_failed", compiler=command[0], detail=str(exc))
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        detail = next((line for line in lines if "error" in line), lines[0] if lines else f"exit {done.returncode}")
        return AdkitError("native.compiler_failed", compiler=command[0], detail=detail)
    return None


def _run(command: list[str], arguments: list[str]) -> None:
    failure = _try(command, arguments)
    if failure:
        raise failure
