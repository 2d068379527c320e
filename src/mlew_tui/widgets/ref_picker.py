"""``RefPicker``: choose references from a searchable list, or type their ids.

Typing filters the list (by id or words of the text); Enter adds the typed
ids when they are all known (``r1 r4 customer``), otherwise picks the first
match. Down moves into the list, where Enter or space toggles an entry. The
chosen ids are shown below, in the order they were chosen. Posts
:class:`RefPicker.Changed`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from ..recovering import Recovering
from .text_field import TextField

#: The list shows at most this many matches (typing narrows it).
MAX_SHOWN = 60
_SPLIT = re.compile(r"[\s,、，;；]+")


@dataclass(frozen=True)
class RefOption:
    id: str
    label: Text  # already rendered; user text literal
    search: str  # what the search matches, casefolded


class RefList(OptionList):
    BINDINGS = [Binding("space", "select", "Toggle", show=False, id="refs.toggle")]


class RefPicker(Recovering, Vertical):
    DEFAULT_CSS = """
    RefPicker {
        height: auto;

        #ref-list {
            height: 8;
        }

        #ref-chosen {
            height: auto;
        }

        #ref-error {
            height: auto;
        }
    }
    """

    BINDINGS = [Binding("down", "focus_list", show=False, id="refs.to_list")]

    class Changed(Message):
        def __init__(self, picker: RefPicker, chosen: tuple[str, ...]) -> None:
            super().__init__()
            self.picker = picker
            self.chosen = chosen

        @property
        def control(self) -> RefPicker:
            return self.picker

    def __init__(
        self,
        options: Sequence[RefOption],
        chosen: Sequence[str],
        *,
        tr: Callable[..., str],
        names: dict[str, str] | None = None,
        placeholder_key: str = "ld.refs.search",
        chosen_key: str = "ld.refs.chosen",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="ref-picker")
        self._options = {o.id: o for o in options}
        self._order = [o.id for o in options]
        self.chosen: list[str] = [c for c in chosen if c in self._options]
        self._tr = tr
        self._names = names or {}
        self._placeholder_key = placeholder_key
        self._chosen_key = chosen_key

    def compose(self) -> ComposeResult:
        yield TextField(placeholder=self._tr(self._placeholder_key), id="ref-search")
        yield RefList(id="ref-list")
        yield Static(id="ref-chosen")
        yield Static(id="ref-error", classes="error")

    def on_mount(self) -> None:
        self._fill("")
        self._show_chosen()

    # -- the list ------------------------------------------------------------------
    def _prompt(self, ref: str) -> Text:
        text = Text("☑ " if ref in self.chosen else "☐ ", style="bold")
        text.append_text(self._options[ref].label)
        return text

    def _matches(self, query: str) -> list[str]:
        words = [w for w in _SPLIT.split(query.casefold()) if w]
        if not words:
            return self._order[:MAX_SHOWN]
        return [r for r in self._order if all(w in self._options[r].search for w in words)][:MAX_SHOWN]

    def _fill(self, query: str) -> None:
        found = self.query_one(RefList)
        found.clear_options()
        found.add_options([Option(self._prompt(r), id=r) for r in self._matches(query)])
        if found.option_count:
            found.highlighted = 0

    def _toggle(self, ref: str) -> None:
        if ref in self.chosen:
            self.chosen.remove(ref)
        else:
            self.chosen.append(ref)
        found = self.query_one(RefList)
        with contextlib.suppress(OptionDoesNotExist):  # filtered out of the list: nothing to redraw
            found.replace_option_prompt(ref, self._prompt(ref))
        self._show_chosen()

    def clear(self) -> None:
        """Nothing chosen, nothing searched: ready for the next card."""
        self.chosen.clear()
        self.query_one(Input).value = ""
        self.query_one("#ref-error", Static).update("")
        self._fill("")
        self._show_chosen()

    def _show_chosen(self) -> None:
        text = Text(self._tr(self._chosen_key) + " ", style="bold")
        if self.chosen:
            text.append(", ".join(self._names.get(r, r) for r in self.chosen))
        else:
            text.append(self._tr("ld.refs.none"), style="dim")
        self.query_one("#ref-chosen", Static).update(text)
        self.post_message(self.Changed(self, tuple(self.chosen)))

    # -- events ------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#ref-error", Static).update("")
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        tokens = [t for t in _SPLIT.split(event.value.strip()) if t]
        known = [t for t in tokens if t in self._options]
        unknown = [t for t in tokens if t not in self._options]
        error = self.query_one("#ref-error", Static)
        if tokens and not unknown:
            for ref in dict.fromkeys(known):
                if ref not in self.chosen:
                    self._toggle(ref)
            event.input.value = ""
            return
        found = self.query_one(RefList)
        option = found.highlighted_option
        if option is not None and option.id is not None and not known:
            self._toggle(option.id)
            event.input.value = ""
            return
        if unknown:
            error.update(Text(self._tr("ld.refs.unknown", ids=" ".join(unknown))))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._toggle(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one(RefList).focus()
