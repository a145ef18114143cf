"""``python -m zwfw``."""

from .cli import main

raise SystemExit(main())
