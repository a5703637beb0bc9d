"""Print-ready exam documents: the blank worksheet and the answer key, as LaTeX for pdflatex.

A document opens with the title, course and date lines and the Name /
Student-ID lines (filled in on a student's own variant); every later page
repeats the title and those two lines in its header.  Each exercise is a
``minipage``, so its heading, its formula — typeset as mathematics from the
AST by :mod:`adkit.present.mathtex` — and its table never split across a
page break; a formula or table too wide for the line (or a table too tall
for the page) is scaled down to fit rather than cut off.  Blanks are ruled lines as long as a number written to the
asked precision needs (:func:`adkit.coursework.precision.rule_cm`).  The key
document holds the same tables with every cell filled in, one section per
student.  :func:`needs_vietnamese` tells when the T5 fonts of vntex are needed
(Vietnamese labels, or a Vietnamese name on an English form).
"""

from __future__ import annotations

from typing import Sequence

from adkit.coursework.forms import Exercise
from adkit.coursework.precision import asked, rule_cm
from adkit.coursework.variants import Sheet
from adkit.ir.notation import LATEX
from adkit.messages import language, message
from adkit.present.exports import latex_tabular, latex_text
from adkit.present.mathtex import program_latex
from adkit.present.table import rows

#: Statements are longer than numbers.
STATEMENT_RULE_CM = 4.5


def needs_vietnamese(texts: Sequence[str]) -> bool:
    """Whether the document needs T5 fonts: Vietnamese labels, or a letter outside Latin-1 (Nguyễn, Phương)."""
    return language() == "vi" or any(ord(ch) > 0xFF and ch.isalpha() for text in texts for ch in text)


def _preamble(vietnamese: bool) -> str:
    babel = "\\usepackage[vietnamese]{babel}\n" if language() == "vi" else ""
    encoding = "T5" if vietnamese else "T1"
    return (f"\\documentclass[11pt]{{article}}\n\\usepackage[{encoding}]{{fontenc}}\n\\usepackage[utf8]{{inputenc}}\n"
            f"{babel}\\usepackage{{amsmath,amssymb}}\n\\usepackage{{booktabs}}\n"
            "\\usepackage[a4paper,landscape,margin=1.5cm,headsep=0.45cm]{geometry}\n"
            "\\tracinglostchars=2\n\\setlength{\\parindent}{0pt}\n\\usepackage{graphicx}\n" + _FIT + _RUNNING)


#: ``\adkitfit{...}``: its content as is, or scaled down to the line's width and 3/4 of the page's height.
_FIT = ("\\newsavebox{\\adkitbox}\n\\newcommand{\\adkitfit}[1]{\\sbox{\\adkitbox}{#1}%\n"
        "\\ifdim\\wd\\adkitbox>\\linewidth\\sbox{\\adkitbox}{\\resizebox{\\linewidth}{!}{\\usebox{\\adkitbox}}}\\fi\n"
        "\\ifdim\\dimexpr\\ht\\adkitbox+\\dp\\adkitbox\\relax>0.75\\textheight\n"
        "\\sbox{\\adkitbox}{\\resizebox*{!}{0.75\\textheight}{\\usebox{\\adkitbox}}}\\fi\n"
        "\\usebox{\\adkitbox}}\n")


#: The page style ``adkit``: every page after a sheet's first carries ``\adkitwho`` (title, name and ID
#: lines) as its header, so a page that comes loose still says whose it is; the page number below.
_RUNNING = ("\\newcommand{\\adkitwho}{}\n\\makeatletter\n\\def\\ps@adkit{\\def\\@oddhead{\\small\\adkitwho}"
            "\\let\\@evenhead\\@oddhead\\def\\@oddfoot{\\hfil\\small\\thepage\\hfil}\\let\\@evenfoot\\@oddfoot}\n"
            "\\makeatother\n")


def _field(label: str, value: str | None, cm: float) -> str:
    """``Name: ____`` (a line to write on) or ``Name: An Nguyen`` (underlined)."""
    text = f"\\underline{{\\makebox[{cm}cm][l]{{{latex_text(value)}}}}}" if value else f"\\rule{{{cm}cm}}{{0.4pt}}"
    return f"{latex_text(label)}: {text}"


def _header(title: str, course: str | None, date: str | None, sheet: Sheet, heading: str) -> str:
    student = sheet.student
    who = (_field(message("exam.name"), student.name if student else None, 6) + "\\quad "
           + _field(message("exam.student_id"), student.id if student else None, 3.5))
    lines = [f"\\thispagestyle{{empty}}\\renewcommand{{\\adkitwho}}{{{latex_text(title)}\\hfill {who}}}%",f"{{\\LARGE\\bfseries {latex_text(title)}}}\\hfill{{\\large {latex_text(heading)}}}\\par\\medskip"]
    lines.append(_field(message("exam.course"), course, 8) + "\\hfill " + _field(message("exam.date"), date, 5)
                 + "\\par\\medskip")
    lines.append(_field(message("exam.name"), student.name if student else None, 8) + "\\hfill "
                 + _field(message("exam.student_id"), student.id if student else None, 5) + "\\par\\bigskip")
    return "\n".join(lines) + "\n"


def _exercise_heading(k: int, ex: Exercise) -> str:
    trace = ex.trace
    point = ",\\; ".join(f"{LATEX.name(name)} = {value:g}" for name, value in trace.point.items())
    formula = " \\\\\n".join(program_latex(trace.program.text))
    return (f"\\textbf{{{latex_text(message('exam.exercise', number=k))}}}\\quad "
            f"{latex_text(message('exam.at_point', mode=message(f'mode.{trace.mode}')))} ${point}$\n"
            f"\\begin{{center}}\\adkitfit{{$\\displaystyle\\begin{{gathered}}\n{formula}\n\\end{{gathered}}$}}"
            f"\\end{{center}}\n")


def _block(k: int, ex: Exercise, body: list[list[str | None]], digits: int, decimals: int | None) -> str:
    rule = {"number": f"\\rule{{{rule_cm(digits, decimals)}cm}}{{0.4pt}}", "math": f"\\rule{{{STATEMENT_RULE_CM}cm}}{{0.4pt}}"}
    return (f"\\begin{{minipage}}{{\\linewidth}}\n{_exercise_heading(k, ex)}"
            f"\\adkitfit{{\\small\n{latex_tabular(ex.trace, body, rule)}}}\n\\end{{minipage}}\n\\par\\bigskip\n")


def _texts(sheets: Sequence[Sheet], title: str, course: str | None) -> list[str]:
    return [title, course or ""] + [s.student.name for s in sheets if s.student]


def exam_latex(sheet: Sheet, title: str, course: str | None, date: str | None, digits: int,
               decimals: int | None = None) -> tuple[str, bool]:
    """(LaTeX source of one blank worksheet, whether it needs Vietnamese fonts)."""
    vietnamese = needs_vietnamese(_texts([sheet], title, course))
    body = [_header(title, course, date, sheet, ""),
            latex_text(asked("exam.instructions", digits, decimals)) + "\\par\\bigskip\n"]
    body += [_block(k, ex, ex.rows(digits, LATEX, decimals), digits, decimals) for k, ex in enumerate(sheet.exercises, 1)]
    return _document(vietnamese, body), vietnamese


def key_latex(sheets: Sequence[Sheet], title: str, course: str | None, date: str | None,
              digits: int, decimals: int | None = None) -> tuple[str, bool]:
    """(LaTeX source of the answer key of every sheet, one section per student, whether it needs Vietnamese)."""
    vietnamese = needs_vietnamese(_texts(sheets, title, course))
    body = []
    for sheet in sheets:
        body.append(_header(title, course, date, sheet, message("exam.key")))
        body += [_block(k, ex, [list(r) for r in rows(ex.trace, digits, LATEX, decimals)], digits, decimals)
                 for k, ex in enumerate(sheet.exercises, 1)]
        body.append("\\clearpage\n")
    return _document(vietnamese, body), vietnamese


def _document(vietnamese: bool, body: list[str]) -> str:
    return (_preamble(vietnamese) + "\\begin{document}\n\\pagestyle{adkit}\n\\renewcommand{\\arraystretch}{2}\n"
            + "".join(body) + "\\end{document}\n")


__all__ = ["exam_latex", "key_latex", "needs_vietnamese"]
