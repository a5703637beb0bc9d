"""The page's byte-code, compiled at build time by the page's own Python (Pyodide, run by node).

In the page every module is compiled from source when first imported: about
half of adkit's share of the cold start.  ``adkit web`` therefore runs the
page's commands once in Pyodide under node, and ships the byte-code of every
adkit module they imported (unchecked-hash ``.pyc``: the wheels' file times do
not matter) in ``wheels/bytecode.zip``, unpacked beside the sources: 0.5 MB
for 1–2 s of a cold start.  rich's byte-code would add 0.33 MB for little more.
"""

from __future__ import annotations

import os
import py_compile
import sys
import tempfile
import zipfile

#: What the page runs: the seed's table, player, Jacobian and cost, an exercise and its marking
#: (``{folder}``: a scratch folder; the page's own files are in Pyodide's memory).
SEED = ("ln(x1) + x1*x2 - sin(x2)", "--at=x1=2,x2=5")
COMMANDS = (
    ["trace", *SEED, "--format", "json"],
    ["trace", *SEED, "--format", "html", "--explain", "--style", "textbook"],
    ["trace", "x +", "--at=x=1"],
    ["play", *SEED, "-o", "-"],
    ["jacobian", *SEED],
    ["cost", *SEED],
    ["exercise", "--random", "--format", "html", "--key", "{folder}/key.json", "-o", "{folder}/sheet.html"],
    ["exercise", "--random", "--format", "csv", "--key", "{folder}/key.json", "-o", "{folder}/answers.csv", "--force"],
    ["grade", "{folder}/answers.csv", "--key", "{folder}/key.json", "--format", "json"],
    ["grade", "{folder}/answers.csv", "--key", "{folder}/key.json"],
)


def compile_imported(out: str) -> None:
    """Run :data:`COMMANDS`, then zip the byte-code of the adkit modules they imported
    (archive names are absolute paths without the leading "/")."""
    from adkit.web.bridge import cli

    if sys.platform != "emscripten":  # unchecked-hash .pyc in a source tree would outlive edits of it
        raise RuntimeError("adkit.web.bytecode runs inside Pyodide (adkit/web/assets/bytecode.mjs)")

    with tempfile.TemporaryDirectory() as folder:  # not the working folder: the wheels are unpacked there
        for argv in COMMANDS:
            cli([word.format(folder=folder) for word in argv])
    package = os.path.dirname(sys.modules["adkit"].__file__ or "")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for module in list(sys.modules.values()):
            source = getattr(module, "__file__", None) or ""
            if source.endswith(".py") and source.startswith(package + os.sep):
                cached = py_compile.compile(source, doraise=True,
                                            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
                archive.write(cached, cached.lstrip("/"))
