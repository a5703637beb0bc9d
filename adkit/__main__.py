"""``python -m adkit``."""
from adkit.cli import main

raise SystemExit(main())
