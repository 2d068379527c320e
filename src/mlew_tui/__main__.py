"""``python -m mlew_tui`` is the ``mlew`` command."""

from .cli import main

main()
