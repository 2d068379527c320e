"""Themes: ``projector`` (high contrast, the default for ``mlew demo``), dark, light."""

from __future__ import annotations

from textual.theme import Theme

PROJECTOR = Theme(
    name="projector",
    primary="#FFD400",
    secondary="#00D7FF",
    accent="#FF5FD7",
    foreground="#FFFFFF",
    background="#000000",
    surface="#0A0A0A",
    panel="#1C1C1C",
    success="#5FFF5F",
    warning="#FFD400",
    error="#FF3B3B",
    dark=True,
)

THEMES: tuple[Theme, ...] = (PROJECTOR,)

#: ``--theme`` names -> Textual theme names.
ALIASES = {"projector": "projector", "dark": "textual-dark", "light": "textual-light"}


def known_themes() -> tuple[str, ...]:
    """Every name ``--theme`` accepts."""
    from textual.theme import BUILTIN_THEMES

    return (*ALIASES, *BUILTIN_THEMES)


def theme_name(choice: str | None) -> str:
    """The Textual theme for a ``--theme`` value (``dark`` when not given).

    Unknown names are passed through, so any built-in Textual theme works too.
    """
    if not choice:
        return "textual-dark"
    return ALIASES.get(choice, choice)
