"""Write adkit/nn/data/digits.csv.gz from scikit-learn's bundled copy of the digits set.

Run once by a maintainer (needs ``pip install scikit-learn``); adkit itself
never imports scikit-learn.  The output is 1,797 rows of 64 pixel counts
(0–16) followed by the label (0–9), no header, written with a fixed gzip
mtime so re-running gives identical bytes.

    python tools/export_digits.py
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from sklearn.datasets import load_digits

TARGET = Path(__file__).resolve().parent.parent / "adkit" / "nn" / "data" / "digits.csv.gz"


def main() -> None:
    data = load_digits()
    rows = [",".join(str(int(v)) for v in image) + f",{int(label)}"
            for image, label in zip(data.data, data.target)]
    raw = ("\n".join(rows) + "\n").encode("ascii")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0, filename="") as f:
        f.write(raw)
    TARGET.write_bytes(buffer.getvalue())
    print(f"wrote {TARGET} ({len(rows)} rows, {len(buffer.getvalue())} bytes)")


if __name__ == "__main__":
    main()
