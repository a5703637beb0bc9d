"""``adkit mlp``'s network from its flags: --preset, --sizes, --weights, --biases,
--input, --target; a shape error names the flag the user typed, not the API argument."""

from __future__ import annotations

import argparse
import json
from typing import Any

from adkit.errors import NetworkError
from adkit.messages import message
from adkit.nn import MLP
from adkit.nn.layout import API_HINT
from adkit.nn.views import PRESETS, preset


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
                   args.loss, args.delta is not None, args.batchnorm, args.layout != "out-in", identity)
        if not any(changed):
            return net, x, y, f"{source} ({message('nn.preset.note')})"
        base = PRESETS[args.preset]
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
    base = PRESETS[args.preset] if args.preset else {}
    activation = "identity" if identity else (args.activation or base.get("activation", "sigmoid"))
    output = "identity" if identity else (args.output_activation or base.get("output_activation", "identity"))
    loss = args.loss or ("softmax_ce" if output == "softmax" else "mse")
    net = flag_mlp(sizes, args, activation=activation, output_activation=output, loss=loss,
               seed=args.seed if args.seed is not None else 0, weights=weights, biases=biases)
    x = np.array([flag_floats(args.input, "--input") if args.input else x0], dtype=float)
    y = np.array([flag_floats(args.target, "--target") if args.target else y0], dtype=float)
    return net, x, y, repr(net)


__all__ = ["flag_floats", "flag_mlp", "flag_network"]
