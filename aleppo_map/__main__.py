"""`python -m aleppo_map` is the same as the `aleppo-map` command."""

import sys

from .cli import main

sys.exit(main())
