"""Reading given weights and biases: the two layouts of W, and no silent reshapes.

adkit stores W⁽ˡ⁾ with shape (outputs, inputs), so a layer is z = W a + b
(Nielsen, seed 001's BP equations): layout ``"out-in"``.  Seeds 001 and 004
write the layer as Z = X·W + b with W of shape (inputs, outputs): layout
``"in-out"``, read here and transposed once.  A matrix must have exactly the
shape its layout and the layer sizes ask for; anything else is an error
naming that shape, and a matrix that fits the *other* layout says so (a
square matrix fits both and cannot be told apart: the layout is the only
source of truth).  Nothing is ever reshaped.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from adkit.errors import NetworkError
from adkit.messages import message

LAYOUTS = ("out-in", "in-out")
#: How the API spells the other layout in a hint; the CLI replaces it with its own flag.
API_HINT = 'layout="{layout}"'


def _array(value: object, dtype: np.dtype, what: str) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise NetworkError("nn.weights_format", what=what, text=str(value)) from None
    if not np.all(np.isfinite(array)):
        raise NetworkError("nn.not_finite", what=what)
    return array


def read_weights(weights: Sequence[object], sizes: Sequence[int], layout: str, dtype: np.dtype) -> list[np.ndarray]:
    """W⁽ˡ⁾ as (outputs, inputs) arrays from matrices given in ``layout``."""
    if layout not in LAYOUTS:
        raise NetworkError("nn.unknown_layout", name=layout, known=", ".join(LAYOUTS))
    if len(weights) != len(sizes) - 1:
        raise NetworkError("nn.weights_count", count=len(weights), layers=len(sizes) - 1)
    result = []
    for l, (w, n_in, n_out) in enumerate(zip(weights, sizes[:-1], sizes[1:]), start=1):
        array = _array(w, dtype, f"W{l}")
        expected = (n_out, n_in) if layout == "out-in" else (n_in, n_out)
        if array.shape != expected:
            other = LAYOUTS[1 - LAYOUTS.index(layout)]
            fits_other = array.shape == expected[::-1]
            raise NetworkError("nn.weight_shape", what=f"W{l}", got=array.shape, expected=expected, layout=layout,
                               sizes="-".join(map(str, sizes)), meaning=_meaning(layout),
                               suggestion=API_HINT.format(layout=other) if fits_other else None)
        result.append(np.ascontiguousarray(array if layout == "out-in" else array.T))
    return result


def _meaning(layout: str) -> str:
    return message("nn.layout_meaning." + layout)


def read_biases(biases: Sequence[object], sizes: Sequence[int], dtype: np.dtype) -> list[np.ndarray]:
    """b⁽ˡ⁾ as vectors of the layer's width: a list of numbers, nothing else."""
    if len(biases) != len(sizes) - 1:
        raise NetworkError("nn.weights_count", count=len(biases), layers=len(sizes) - 1)
    result = []
    for l, (b, n) in enumerate(zip(biases, sizes[1:]), start=1):
        array = _array(b, dtype, f"b{l}")
        if array.shape != (n,):
            raise NetworkError("nn.shape", what=f"b{l}", got=array.shape, expected=(n,))
        result.append(array.copy())
    return result


def in_layout(W: np.ndarray, layout: str) -> np.ndarray:
    """W⁽ˡ⁾ (stored out-in) as the user writes it in ``layout``."""
    return W if layout == "out-in" else W.T

