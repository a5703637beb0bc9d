"""The trace's output formats, one entry each: ``Trace.export``, ``adkit trace --format``,
``-o`` suffix inference and docs/cli.md's table of formats all read :data:`FORMATS`.

A new format is one :func:`register` call with its name, file suffixes and
writer; nothing else needs to learn about it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, TextIO

from adkit.ir.notation import ASCII, UNICODE
from adkit.modes.records import TraceRecord
from adkit.present.data import dumps, streamed_dict, trace_dict, write_json
from adkit.present.exports import output_format, to_csv, to_html, to_latex, to_markdown, write_csv
from adkit.present.layout import Rows, render
from adkit.present.parts import Shape, trace_parts
from adkit.present.table import summary, title


@dataclass(frozen=True)
class Options:
    """What a writer may read; each format takes the options that mean something to it."""

    digits: int = 4
    shape: Shape | None = None
    standalone: bool = False  # latex: a whole document
    width: int | None = None  # table: columns (default: the terminal's, else 100)
    ascii: bool = False  # table
    rows: str | tuple[int, int] | None = "all"  # table: all, first and last (None), or a range
    extra: Mapping[str, Any] = field(default_factory=dict)  # json: fields after the trace's own


@dataclass(frozen=True)
class Format:
    """One output format: ``write(trace, options)`` gives the text (bytes when ``binary``)."""

    name: str
    suffixes: tuple[str, ...]
    write: Callable[[TraceRecord, Options], str | bytes]
    binary: bool = False  # bytes, so only to a file (-o FILE), never to the terminal
    structured: bool = False  # data, not a page: --verify and --explain go in ``extra``, not after it
    #: the same text written piece by piece to a stream (the command line's output): a 10⁶-step trace
    #: is never one string; None: the command line writes ``write``'s text
    stream: Callable[[TraceRecord, Options], Callable[[TextIO], None]] | None = None


#: Every format by name, in the order ``--format`` lists them.
FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add ``fmt`` to :data:`FORMATS` (a later entry of the same name replaces it)."""
    FORMATS[fmt.name] = fmt
    return fmt


def suffixes() -> dict[str, str]:
    """File suffix → format name, for ``-o FILE``."""
    return {suffix: fmt.name for fmt in FORMATS.values() for suffix in fmt.suffixes}


def chosen(requested: str | None, path: str | None) -> Format:
    """The format asked for, else the one ``path``'s suffix implies, else the table."""
    return FORMATS[output_format(requested, path, extensions=suffixes())]


def trace_text(trace: TraceRecord, options: Options) -> str:
    """The plain-text table(s) fitted to ``options.width``, as :meth:`adkit.trace.Trace.text` describes."""
    style = ASCII if options.ascii else UNICODE
    shape = options.shape or Shape(digits=options.digits)
    width = options.width or shutil.get_terminal_size((100, 24)).columns
    return render(style.finish(title(trace)), trace_parts(trace, shape, style),
                  summary(trace, options.digits, style, shape), width, options.ascii, Rows(options.rows))


def _json(trace: TraceRecord, options: Options) -> str:
    return dumps({**trace_dict(trace, options.shape), **options.extra}, indent=2, ensure_ascii=False) + "\n"


def _json_stream(trace: TraceRecord, options: Options) -> Callable[[TextIO], None]:
    def write(stream: TextIO) -> None:
        write_json({**streamed_dict(trace, options.shape), **options.extra}, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
    return write


register(Format("table", (".txt",), trace_text))
register(Format("markdown", (".md", ".markdown"), lambda t, o: to_markdown(t, o.digits, o.shape)))
register(Format("latex", (".tex",), lambda t, o: to_latex(t, o.digits, o.standalone, shape=o.shape)))
register(Format("csv", (".csv",), lambda t, o: to_csv(t, o.shape),
                stream=lambda t, o: lambda stream: write_csv(t, stream, o.shape)))
register(Format("html", (".html", ".htm"), lambda t, o: to_html(t, o.digits, o.shape)))
register(Format("json", (".json",), _json, structured=True, stream=_json_stream))
