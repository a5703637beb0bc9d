"""Coverage-guided fuzzing of adkit's lexer, parser, lowering and engines with atheris.

Optional (not run by pytest).  Install and run for a few minutes::

    pip install atheris
    mkdir -p /tmp/adkit-corpus && cp tests/fuzz/seeds/* /tmp/adkit-corpus/
    python tests/fuzz/fuzz_parser.py -max_total_time=300 -rss_limit_mb=2048 /tmp/adkit-corpus

Any exception other than an AdkitError is a finding: atheris stops, prints the
traceback and writes the input to ``crash-*``.  Seed inputs live in
``tests/fuzz/seeds``; the corpus directory grows as the fuzzer finds new paths.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["adkit"]):
    import adkit
    from adkit.errors import AdkitError


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    try:
        program = adkit.compile(text)
        at = {name: 0.5 for name in program.inputs}
        program.evaluate(at)
        program.gradient(at)
        adkit.trace(program, at=at, mode="both").to_json()
    except AdkitError as error:
        str(error)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
