"""`python -m sensemaking` is the `sensemaking` command."""

from .cli import main

main()
