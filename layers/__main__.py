"""``python -m layers``: see :mod:`layers.cli`."""

import sys

from layers.cli import main

sys.exit(main())
