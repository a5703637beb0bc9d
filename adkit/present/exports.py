"""Trace exports for coursework: Markdown, LaTeX, CSV and HTML.

Each format is a view of the same layout (:func:`adkit.present.table.columns`,
:func:`~adkit.present.table.rows`, :func:`~adkit.present.table.summary_lines`), so every
format carries the same rows and columns as the terminal table.
"""

from __future__ import annotations

import io
import re
from typing import TextIO

from dataclasses import replace
from typing import Mapping

from adkit.ir.notation import LATEX, UNICODE
from adkit.present.parts import Part, Shape, merged, trace_parts
from adkit.present.table import column_kinds, columns, summary_lines, title
from adkit.modes.records import TraceRecord
from adkit.messages import language
from adkit.errors import BindingError


def output_format(requested: str | None, path: str | None, default: str = "table", *,
                  extensions: Mapping[str, str]) -> str:
    """The format asked for, else the one ``path``'s extension implies (``extensions``: suffix → name), else ``default``."""
    if requested is not None:
        return requested
    if path is not None:
        from pathlib import Path

        suffix = Path(path).suffix.lower()
        if suffix not in extensions:

            raise BindingError("format.unknown_extension", path=path, known=", ".join(sorted(extensions)))
        return extensions[suffix]
    return default


def markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|") or " "


def markdown_table(trace: TraceRecord, body: list[list[str]]) -> list[str]:
    """The pipe-table lines for ``body`` rows in ``trace``'s layout."""
    return _markdown_lines(columns(trace, UNICODE), column_kinds(trace), body)


def _markdown_lines(headers: list[str], kinds: list[str], body: list[list[str]]) -> list[str]:
    align = ["---:" if kind == "number" else "---" for kind in kinds]
    lines = ["| " + " | ".join(markdown_cell(c) for c in headers) + " |", "|" + "|".join(align) + "|"]
    return lines + ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in body]


def blocks(trace: TraceRecord, shape: Shape | None, digits: int | None, style=UNICODE) -> list[Part]:
    """The tables of a file format: the side-by-side parts, then each part with rows of its own."""
    return merged(trace_parts(trace, shape or Shape(digits=digits), style))


def to_markdown(trace: TraceRecord, digits: int = 4, shape: Shape | None = None) -> str:
    """GitHub-flavoured pipe table(s) with the title above and the summary below."""
    lines = [f"**{markdown_cell(title(trace))}**", ""]
    for block in blocks(trace, shape, digits):
        lines += [*_markdown_lines(block.headers, block.kinds, block.rows), ""]
    lines += [f"{markdown_cell(text)}  " for _, text in summary_lines(trace, digits, UNICODE, shape, warnings=True)]
    return "\n".join(lines).rstrip() + "\n"


def latex_text(text: str) -> str:
    """Escape running text for LaTeX; maths symbols become inline maths, letters stay."""
    out = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt in _ACCENTS and ch.isalnum():
            out.append(f"$\\{_ACCENTS[nxt]}{{{ch}}}$")
        elif ch in _ACCENTS or ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:  # control characters: no glyph, TeX errors
            continue
        elif ch in "&%$#_{}":
            out.append("\\" + ch)
        elif ch == "\\":
            out.append("\\textbackslash{}")
        elif ch in "^~":
            out.append("\\char`\\" + ch)
        elif ch in "₋₀₁₂₃₄₅₆₇₈₉":
            if not (i and text[i - 1] in "₋₀₁₂₃₄₅₆₇₈₉"):  # a whole run of subscripts at once
                run = re.match("[₋₀₁₂₃₄₅₆₇₈₉]+", text[i:]).group()  # type: ignore[union-attr]
                out.append(f"$_{{{run.translate(_SUBSCRIPTS)}}}$")
        else:
            out.append(_UNICODE_LATEX.get(ch, ch))
    return "".join(out).replace("$$", "")


_ACCENTS = {"\u0304": "bar", "\u0307": "dot"}
_UNICODE_LATEX = {"ȳ": "$\\bar{y}$", "→": "$\\to$", "≥": "$\\ge$", "≤": "$\\le$", "·": "$\\cdot$",
                  "−": "$-$", "∂": "$\\partial$", "π": "$\\pi$", "ℝ": "$\\mathbb{R}$", "×": "$\\times$",
                  "σ": "$\\sigma$", "√": "$\\surd$", "ⁿ": "$^n$", "ᵐ": "$^m$", "Σ": "$\\sum$",
                  "²": "$^2$", "…": "\\ldots{}", "ẋ": "$\\dot{x}$"}
_SUBSCRIPTS = str.maketrans("₋₀₁₂₃₄₅₆₇₈₉", "-0123456789")


def latex_tabular(trace: TraceRecord, body: list[list[str | None]], blanks: dict[str, str] | None = None) -> str:
    """A booktabs ``tabular`` of ``body`` rows in ``trace``'s layout; a None cell
    becomes ``blanks[kind]`` (a line to write on, in exercise forms)."""
    return _tabular(columns(trace, LATEX), column_kinds(trace), body, blanks)


def _tabular(columns_: list[str], kinds: list[str], body: list[list[str | None]],
             blanks: dict[str, str] | None = None) -> str:
    spec = "".join("r" if kind == "number" else "l" for kind in kinds)
    headers = [f"${c}$" if "\\" in c else latex_text(c) for c in columns_]

    def cell(kind: str, text: str | None) -> str:
        if text is None:
            return (blanks or {}).get(kind, "")
        if kind == "name":
            return latex_text(text)
        return f"${text}$" if text else ""

    lines = [" & ".join(cell(k, c) for k, c in zip(kinds, row)) + " \\\\" for row in body]
    return "\n".join([f"\\begin{{tabular}}{{{spec}}}", "\\toprule", " & ".join(headers) + " \\\\", "\\midrule",
                      *lines, "\\bottomrule", "\\end{tabular}"]) + "\n"


def latex_document(body: str, preamble: str = "") -> str:
    """A complete landscape article for pdflatex around ``body``."""
    return (
        "\\documentclass{article}\n"
        f"{latex_language_preamble()}"
        "\\usepackage{amsmath,amssymb}\n\\usepackage{booktabs}\n"
        "\\usepackage[a4paper,landscape,margin=1.5cm]{geometry}\n"
        f"{preamble}"
        "\\begin{document}\n\\pagestyle{empty}\n\\noindent\n"
        f"{body}\n\\end{{document}}\n"
    )


def to_latex(trace: TraceRecord, digits: int = 4, standalone: bool = False, environment: str = "tabular",
             shape: Shape | None = None) -> str:
    """A booktabs ``tabular`` in amsmath notation (``\\bar{v}_{-1}``, ``\\dot{v}_{0}``).

    ``standalone=True`` wraps it in a complete document for pdflatex;
    ``environment="array"`` gives a MathJax-friendly array (for Jupyter).
    """
    tables = blocks(trace, shape, digits, LATEX)
    if environment == "array":
        return "".join(_array(block) for block in tables)
    table = "\n\\medskip\n\\noindent\n".join(_tabular(b.headers, b.kinds, b.rows) for b in tables)  # type: ignore[arg-type]
    if not standalone:
        return table
    notes = "\n\n\\noindent\n".join(f"${text}$" if kind == "math" else latex_text(text)
                                     for kind, text in summary_lines(trace, digits, LATEX, shape, warnings=True))
    return latex_document(f"\\textbf{{{latex_text(title(trace))}}}\n\n\\medskip\n\\noindent\n"
                          f"{{\\small\n{table}}}\n\n\\medskip\n\\noindent\n{notes}\n")


def latex_language_preamble() -> str:
    """Font encoding and hyphenation for the message language (T5 and babel for Vietnamese)."""

    if language() == "vi":
        return "\\usepackage[T5]{fontenc}\n\\usepackage[utf8]{inputenc}\n\\usepackage[vietnamese]{babel}\n"
    return "\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"


def _array(block: Part) -> str:
    """One MathJax ``array`` (Jupyter's LaTeX view)."""
    spec = "".join("r" if kind == "number" else "l" for kind in block.kinds)
    head = " & ".join(c if "\\" in c else f"\\text{{{latex_text(c)}}}" for c in block.headers)
    lines = [" & ".join(f"\\text{{{latex_text(c)}}}" if k == "name" and c else c for k, c in zip(block.kinds, row))
             + " \\\\" for row in block.rows]
    return "$$\n" + "\n".join([f"\\begin{{array}}{{{spec}}}", head + " \\\\", "\\hline", *lines,
                                "\\end{array}"]) + "\n$$\n"


def to_csv(trace: TraceRecord, shape: Shape | None = None) -> str:
    """Header row, one row per step, numbers at full double precision (a blank line between tables)."""
    buffer = io.StringIO()
    write_csv(trace, buffer, shape)
    return buffer.getvalue()


#: steps per slice when :func:`write_csv` writes a long trace's rows a slice at a time
CSV_SLICE = 4096


def write_csv(trace: TraceRecord, stream: TextIO, shape: Shape | None = None) -> None:
    """:func:`to_csv`'s text written to ``stream``; one table of steps (the default shape) a slice at a time.

    A slice's rows are the whole trace's rows for those steps, since a step's
    cells read only its own record and the program; the arithmetic, the
    closing rows and the sweep orders need the whole trace, so those tables
    are built at once.
    """
    import csv  # start-up: only this format needs it

    full = Shape(digits=None) if shape is None else replace(shape, full_values=True)
    writer = csv.writer(stream, lineterminator="\n")
    if full.arithmetic or full.closing or full.order != "steps":
        for k, block in enumerate(blocks(trace, full, None)):
            if k:
                stream.write("\n")
            writer.writerow(block.headers)
            writer.writerows(block.rows)
        return
    for start in range(0, max(len(trace.steps), 1), CSV_SLICE):
        block = blocks(replace(trace, steps=trace.steps[start:start + CSV_SLICE]), full, None)[0]
        if not start:
            writer.writerow(block.headers)
        writer.writerows(block.rows)


def to_html(trace: TraceRecord, digits: int = 4, shape: Shape | None = None) -> str:
    """Self-contained ``<table>`` s: caption, header, one row per step, summary in the (left-aligned) footer."""
    import html  # start-up: only this format needs it

    tables = blocks(trace, shape, digits)
    notes = "<br>".join(html.escape(text) for _, text in summary_lines(trace, digits, UNICODE, shape, warnings=True))
    out = []
    for k, block in enumerate(tables):
        align = [f'style="text-align:{"right" if kind == "number" else "left"}"' for kind in block.kinds]
        out += ['<table class="adkit-trace" style="border-collapse:separate;border-spacing:0.8em 0.15em;font-family:sans-serif">']
        if k == 0:
            out.append(f"  <caption>{html.escape(title(trace))}</caption>")
        out += ["  <thead><tr>" + "".join(f'<th {a}>{html.escape(c)}</th>' for a, c in zip(align, block.headers))
                + "</tr></thead>", "  <tbody>"]
        for row in block.rows:
            out.append("    <tr>" + "".join(f"<td {a}>{html.escape(c)}</td>" for a, c in zip(align, row)) + "</tr>")
        out.append("  </tbody>")
        if k == len(tables) - 1:
            out.append(f'  <tfoot><tr><td colspan="{len(block.headers)}" style="text-align:left">{notes}</td></tr></tfoot>')
        out.append("</table>")
    return "\n".join(out) + "\n"
