"""The examples that end every ``adkit COMMAND --help`` page, kept as data.

One definition: the help pages print them and tests/test_help.py runs each
one (in that order, in one folder, so ``grade`` finds the key ``exercise``
wrote).  Each is what a student or instructor would type after ``adkit``.
"""

from __future__ import annotations

import argparse
import re

from adkit.messages import message

SEED = '"ln(x1) + x1*x2 - sin(x2)" --at x1=2,x2=5'

#: command → the argument strings of its examples (shell syntax, without "adkit").
EXAMPLES: dict[str, tuple[str, ...]] = {
    "adkit": (
        f"trace {SEED}",
        "trace --help",
    ),
    "trace": (
        f"trace {SEED}",
        f"trace {SEED} --mode forward --wrt x1",
        f"trace {SEED} --style textbook",
        f"trace {SEED} -o seed.md",
    ),
    "graph": (
        f"graph {SEED} -o seed.dot",
        f"graph {SEED} --mode forward",
    ),
    "jacobian": (
        'jacobian "a = x*y; b = sin(x) + y^2" --at x=1,y=2 --outputs a,b',
        'jacobian "a = x*y; b = sin(x) + y^2" --at x=1,y=2 --mode forward',
    ),
    "hessian": (
        'hessian "x^2*y + sin(x*y)" --at x=1,y=2',
        'hessian "x^2*y + sin(x*y)" --at x=1,y=2 --hvp x=1,y=0',
    ),
    "cost": (
        f"cost {SEED}",
        'cost "a = x*y; b = sin(x)" --at x=1,y=2 --outputs a,b --format json',
    ),
    "codegen": (
        'codegen "ln(x1) + x1*x2 - sin(x2)" --mode reverse --target python',
        'codegen "ln(x1) + x1*x2 - sin(x2)" --mode forward --wrt x1 --target c',
        'codegen "x1*x2 + sin(x1)" --mode reverse --target c -o adjoint.c',
    ),
    "mlp": (
        "mlp trace --preset 2-2-1-identity",
        "mlp step --preset 2-2-1-identity --lr 0.5",
        "mlp trace --sizes 2,2,1 --input -1,2 --target 1 --seed 0",
        "mlp norms",
    ),
    "plot": (
        'plot "sigmoid(x)" --over x=-6:6 --derivative -o sigmoid.png',
        'plot "tanh(x)" --over x=-3:3 -o tanh.svg',
    ),
    "exercise": (
        "exercise --random --seed 7 --key key.json -o form.md",
        "exercise --random --seed 7 --format csv -o answers.csv",
        f"exercise {SEED} --mode forward",
    ),
    "grade": (
        "grade answers.csv --key key.json",
        "grade answers.csv --key key.json --format csv -o grades.csv",
    ),
    "autograder": (
        "autograder --key key.json",
        "autograder --key key.json -o hw1-autograder.zip",
    ),
    "play": (
        f"play {SEED} -o seed.html",
        'play "x*exp(-x)" --at x=1 --mode reverse -o decay.html',
    ),
    "web": (
        "web -o site",
        "web -o site --with-sympy --force",
    ),
}


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, except that indented lines (the examples) keep their breaks;
    an example wider than the terminal continues on the next line after a shell ``\\``."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap  # start-up: only a help page needs it

        return "\n".join(_continued(line, width) if line.startswith(" ") else
                         textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent)
                         for line in text.splitlines())


def _continued(line: str, width: int) -> str:
    """``  adkit trace "…" --at …`` broken before an option (never inside quotes or between an
    option and its value) when wider than the terminal (argparse's ``width`` + its 2-column margin)."""
    columns = width + 2
    if len(line) <= columns:
        return line
    units: list[str] = []
    for word in _WORD.findall(line):
        if units and not word.startswith("-") and units[-1].startswith("-") and " " not in units[-1]:
            units[-1] += " " + word  # "--at x1=2": an option with its value
        else:
            units.append(word)
    lines, current = [], line[: len(line) - len(line.lstrip())] + units[0]
    for unit in units[1:]:
        if len(f"{current} {unit} \\") > columns:
            lines.append(current + " \\")
            current = "      " + unit
        else:
            current += " " + unit
    return "\n".join(lines + [current])


_WORD = re.compile(r'(?:"[^"]*"|\'[^\']*\'|\S)+')


def epilog(command: str) -> str:
    """``examples:`` and one ``adkit …`` line per example of ``command``."""
    return "\n".join([message("help.common.examples"), *(f"  adkit {e}" for e in EXAMPLES[command])])


def add_examples(parser: argparse.ArgumentParser, command: str = "adkit") -> None:
    """Give ``parser`` (adkit's, or ``command``'s) its examples and the formatter that keeps them."""
    parser.formatter_class = HelpFormatter
    parser.epilog = epilog(command)
