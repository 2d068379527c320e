"""Keeps the unsent text of every open form in ``FILE.drafts.toml``.

The app calls :meth:`DraftKeeper.poll` on its autosave tick (every 0.25 s).
It looks at the forms that are open - the modal forms on the screen stack
and the review form under the Listen board - and keeps, for each, the text
fields whose value differs from what the form opened with. When that set
changes the sidecar is rewritten (:mod:`mlew_tui.drafts`); a form that is
sent or cancelled is gone from the screen, so its draft goes at the next
poll. Drafts found at start-up (a crash) are kept until a form of the same
kind, editing the same thing, opens again: it starts from the kept text.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Input

from . import drafts as store
from .drafts import Draft
from .forms.review_form import ReviewForm


def is_form(node: DOMNode) -> bool:
    """A form whose text is kept: the modal forms of ``forms/`` and the inline review form."""
    if isinstance(node, ReviewForm):
        return bool(node.display and node.children)
    return isinstance(node, ModalScreen) and type(node).__module__.startswith("mlew_tui.forms")


def form_texts(form: DOMNode) -> dict[str, str]:
    """Text field id -> what it holds."""
    from textual.widgets import TextArea  # a form's module has loaded it (not needed before the first frame)

    texts: dict[str, str] = {}
    for field in form.query(Input):
        if field.id:
            texts[field.id] = field.value
    for area in form.query(TextArea):
        if area.id:
            texts[area.id] = area.text
    return texts


def restore_texts(form: DOMNode, texts: dict[str, str]) -> None:
    from textual.widgets import TextArea

    for wid, text in texts.items():
        try:
            widget = form.query_one(f"#{wid}")
        except NoMatches:
            continue
        if isinstance(widget, Input):
            widget.value = text
            widget.cursor_position = len(text)
        elif isinstance(widget, TextArea):
            widget.text = text


def form_target(form: DOMNode) -> str:
    """What the form edits: the id it names (``editing``), "" for a new one."""
    for name in ("editing", "_editing", "draft_target"):
        value = getattr(form, name, None)
        if isinstance(value, str):
            return value
    return ""


class DraftKeeper:
    """See the module docstring."""

    def __init__(self, path: Path, *, enabled: bool = True) -> None:
        self.path = path
        self.enabled = enabled
        #: Drafts found at start-up, not yet taken back by a form.
        self.recovered: dict[tuple[str, str], Draft] = {d.key: d for d in store.load(path)} if enabled else {}
        self._baselines: weakref.WeakKeyDictionary[DOMNode, dict[str, str]] = weakref.WeakKeyDictionary()
        self._written: tuple[Draft, ...] = tuple(self.recovered.values())

    def open_forms(self, stack: Iterable[Screen[Any]], screens: Iterable[Screen[Any]]) -> Iterator[DOMNode]:
        """The forms open now: on the stack, and inline review forms on any workshop screen."""
        for screen in stack:
            if is_form(screen):
                yield screen
        for screen in screens:
            form = screen.query_one_optional(ReviewForm) if screen.is_mounted else None
            if form is not None and is_form(form):
                yield form

    def poll(
        self,
        forms: list[DOMNode],
        *,
        author: str,
        step: str,
        now: Callable[[], datetime],
        notify: Callable[[Draft], None],
        write: Callable[[tuple[Draft, ...]], None],
    ) -> None:
        """Take back recovered drafts into newly open forms, then keep what changed."""
        if not self.enabled:
            return
        live: list[Draft] = []
        for closed in [f for f in self._baselines if f not in forms]:
            del self._baselines[closed]  # sent or cancelled: a reopened form starts afresh
        for form in forms:
            key = (type(form).__name__, form_target(form))
            if form not in self._baselines:
                self._baselines[form] = form_texts(form)
                recovered = self.recovered.pop(key, None)
                if recovered is not None:
                    restore_texts(form, dict(recovered.fields))
                    notify(recovered)
            baseline = self._baselines[form]
            typed = {k: v for k, v in form_texts(form).items() if v != baseline.get(k, "") and v.strip()}
            if typed:
                old = next((d for d in self._written if d.key == key and dict(d.fields) == typed), None)
                live.append(old or Draft(key[0], key[1], author, step, typed, now()))
        kept = (*self.recovered.values(), *live)
        if kept != self._written:
            self._written = kept
            write(kept)
