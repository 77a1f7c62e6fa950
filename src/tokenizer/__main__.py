"""`python -m tokenizer`: the same as the `tokenizer` command."""
import sys

from .cli import main

sys.exit(main())
