"""What a student probably meant, for the parser's messages: a function definition,
a logarithm to another base, a misspelt function name.  Only wording: nothing here
changes what a formula means."""

from __future__ import annotations

import re
from typing import Sequence

from adkit.errors import ParseError
from adkit.ir.primitives import FUNCTIONS
from adkit.language.lexer import Token
from adkit.language.nodes import Node


def refuse_definition(text: str, tokens: list[Token]) -> None:
    """``f(x) = x^2`` is a function definition, not a product: say so, and how to write it."""
    if tokens[0].kind != "NAME" or tokens[1].text != "(" or tokens[1].kind != "OP":
        return
    depth = 0
    for i, tok in enumerate(tokens[1:], 1):
        depth += (tok.text == "(") - (tok.text == ")") if tok.kind == "OP" else 0
        if depth == 0:
            after = tokens[i + 1]
            if after.kind == "OP" and after.text == "=":
                raise ParseError("parse.function_definition", text, tokens[0].start, tok.end,
                                 name=tokens[0].text, body=text[after.end:tokens[-1].start].strip() or "...")
            return


#: Logarithms to other bases: a close spelling of ``log`` is a different function.
_OTHER_LOG = re.compile(r"(log|lg|ln)_?[0-9a-z]+|lg", re.IGNORECASE)


def unknown_function(text: str, tok: Token) -> ParseError:
    """Suggest a known function only when it means the same thing (``Sin`` → ``sin``, never ``log3`` → ``log``)."""
    import difflib  # start-up: only this error needs it

    known = sorted(FUNCTIONS)
    close = difflib.get_close_matches(tok.text, known, n=1)
    other_log = _OTHER_LOG.fullmatch(tok.text) is not None
    if other_log:
        same = tok.text.replace("_", "").lower()  # log_2 and LOG10 mean log2 and log10
        close = [same] if same in FUNCTIONS else []
        other_log = not close
    return ParseError(
        "parse.unknown_function", text, tok.start, tok.end,
        name=tok.text, known=", ".join(known), suggestion=close[0] if close else None,
        multiply=None if close or other_log else tok.text, hint="hint.log_base" if other_log else None,
    )


def log_base(text: str, op: str | None, args: Sequence[Node]) -> dict[str, str | None]:
    """``log(x, 2)`` means a logarithm to base 2: how to write it (``log2(x)``, ``ln(x)/ln(2)``)."""
    if op != "log" or len(args) != 2:
        return {"base": None, "named": None, "quotient": None}
    x, base = (text[a.start:a.end] for a in args)
    named = f"log{base}({x})" if f"log{base}" in FUNCTIONS else None
    return {"base": base, "named": named, "quotient": f"ln({x})/ln({base})"}
