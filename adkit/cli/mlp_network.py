"""``adkit mlp``'s network from its flags: --preset, --sizes, --weights, --biases,
--input, --target, --data; a shape error names the flag the user typed, not the API argument."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
from typing import Any

from adkit.errors import NetworkError
from adkit.files import read_bounded
from adkit.messages import message
from adkit.nn import MLP
from adkit.nn.layout import API_HINT
from adkit.nn.views import PRESETS, preset, preset_name


def flag_floats(text: str, what: str) -> list[float]:
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise NetworkError("nn.weights_format", what=what, text=text) from None


def _json_list(text: str, what: str) -> Any:
    try:
        value = json.loads(text)  # data only: json never evaluates code
    except (ValueError, RecursionError):  # RecursionError: lists nested thousands deep
        raise NetworkError("nn.weights_format", what=what, text=text) from None
    if not isinstance(value, (list, int, float)):
        raise NetworkError("nn.weights_format", what=what, text=text)
    return value


def flag_mlp(sizes: list[int], args: argparse.Namespace, **options: Any):
    """MLP(...) with the shared flags; a weight-shape error names the flag the user typed."""
    try:
        return MLP(sizes, layout=args.layout, batchnorm=args.batchnorm,
                   delta=args.delta if args.delta is not None else 1.0, **options)
    except NetworkError as error:
        if error.key != "nn.weight_shape":
            raise
        params = dict(error.params)
        number = int(params["what"][1:])
        params["what"] = f"--weights #{number} (W{number})"
        if params["suggestion"]:
            other = params["suggestion"][len(API_HINT.split("{")[0]):].strip('"')
            params["suggestion"] = f"--layout {other}"
        raise NetworkError(error.key, **params) from None


def flag_network(args: argparse.Namespace, identity: bool = False):
    import numpy as np

    if args.preset:
        net, x, y, source = preset(args.preset)
        changed = (args.weights, args.biases, args.activation, args.output_activation, args.input, args.target,
                   args.data, args.loss, args.delta is not None, args.batchnorm, args.layout != "out-in", identity)
        if not any(changed):
            return net, x, y, f"{source} ({message('nn.preset.note')})"
        base = PRESETS[preset_name(args.preset)]
        sizes, weights, biases = base["sizes"], base["weights"], base["biases"]
        if args.layout == "in-out" and not args.weights:
            weights = [np.asarray(w).T.tolist() for w in weights]
        x0, y0 = base["x"], base["y"]
    else:
        sizes = [int(v) for v in flag_floats(args.sizes, "--sizes")] if args.sizes else [2, 2, 1]
        weights = biases = None
        x0, y0 = [0.05] * sizes[0], [0.01] * sizes[-1]
    if args.weights:
        weights = [_json_list(w, f"--weights #{i + 1}") for i, w in enumerate(args.weights)]
    if args.biases:
        biases = [_json_list(b, f"--biases #{i + 1}") for i, b in enumerate(args.biases)]
    if biases is None and weights is not None:
        biases = [[0.0] * int(n) for n in sizes[1:]]
    base = PRESETS[preset_name(args.preset)] if args.preset else {}
    activation = "identity" if identity else (args.activation or base.get("activation", "sigmoid"))
    output = "identity" if identity else (args.output_activation or base.get("output_activation", "identity"))
    loss = args.loss or ("softmax_ce" if output == "softmax" else "mse")
    net = flag_mlp(sizes, args, activation=activation, output_activation=output, loss=loss,
               seed=args.seed if args.seed is not None else 0, weights=weights, biases=biases)
    return (net, *_examples(args, x0, y0, net.sizes), repr(net))


def _examples(args: argparse.Namespace, x0: list, y0: list, sizes: list[int]):
    """(X, Y), one example a row: --data's rows, or the i-th --input with the i-th --target.

    One example may leave out either flag (the preset's or a default value
    fills in); a batch pairs them, so their counts must agree.
    """
    import numpy as np

    inputs, targets = args.input or [], args.target or []
    if args.data:
        if inputs or targets:
            raise NetworkError("nn.data_and_flags")
        return read_examples(args.data, sizes[0], sizes[-1])
    if max(len(inputs), len(targets)) > 1 and len(inputs) != len(targets):
        raise NetworkError("nn.examples_unpaired", inputs=len(inputs), targets=len(targets))
    rows = []
    for flag, texts, default, width in (("--input", inputs, x0, sizes[0]), ("--target", targets, y0, sizes[-1])):
        values = [flag_floats(t, flag) for t in texts] or [default]
        for i, v in enumerate(values, start=1):
            if len(v) != width:
                raise NetworkError("nn.shape", what=f"{flag} #{i}" if len(values) > 1 else flag, got=(len(v),),
                                   expected=(width,))
        rows.append(np.array(values, dtype=float))
    return rows[0], rows[1]


#: A batch file larger than this, or with more rows, is refused (a lesson's batch is a few lines).
MAX_DATA_BYTES, MAX_EXAMPLES = 2_000_000, 10_000


def read_examples(path: str, inputs: int, outputs: int):
    """(X, Y) from a CSV file: each row holds ``inputs`` numbers, then ``outputs``.

    A first row that is not all numbers is a header; blank rows are skipped.
    Every other problem is one error naming the file and the line.
    """
    import numpy as np

    data = read_bounded(path, MAX_DATA_BYTES, "nn.data_too_big", NetworkError, unreadable="nn.data_unreadable")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NetworkError("nn.data_not_utf8", path=path) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[float]] = []
    header_allowed = True
    try:
        for row in reader:
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            bad = [c for c in cells if not _is_number(c)]
            if bad and header_allowed:
                header_allowed = False
                continue
            header_allowed = False
            if len(cells) != inputs + outputs:
                raise NetworkError("nn.data_width", path=path, line=reader.line_num, got=len(cells),
                                   inputs=inputs, outputs=outputs)
            numbers = [float(c) for c in cells] if not bad else []
            if bad or not all(map(math.isfinite, numbers)):
                cell = bad[0] if bad else next(c for c, v in zip(cells, numbers) if not math.isfinite(v))
                raise NetworkError("nn.data_number", path=path, line=reader.line_num, text=cell)
            rows.append(numbers)
            if len(rows) > MAX_EXAMPLES:
                raise NetworkError("nn.data_too_many", path=path, limit=MAX_EXAMPLES)
    except csv.Error:
        raise NetworkError("nn.data_not_csv", path=path, line=reader.line_num) from None
    if not rows:
        raise NetworkError("nn.data_empty", path=path, inputs=inputs, outputs=outputs)
    table = np.array(rows, dtype=float)
    return table[:, :inputs], table[:, inputs:]


def _is_number(cell: str) -> bool:
    """Python reads it as a float (``nan`` and ``inf`` too: a header is words, not those)."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


__all__ = ["flag_floats", "flag_mlp", "flag_network", "read_examples"]
