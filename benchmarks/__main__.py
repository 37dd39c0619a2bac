"""``python -m benchmarks [--quick] [--out PATH]``: see benchmarks/run.py."""

import sys

from benchmarks.run import main

sys.exit(main())
