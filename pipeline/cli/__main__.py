"""`python -m pipeline.cli`: the same as the `pipeline` command."""

import sys

from pipeline.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
