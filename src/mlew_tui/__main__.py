"""``python -m mlew_tui`` is the ``mlew`` command (the version and the help
answered without importing typer: :mod:`mlew_tui.cli_fast`)."""

from .cli_fast import main

main()
