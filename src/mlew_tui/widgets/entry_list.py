"""``EntryList``: a keyboard list of entries (FAQ questions, steps ...).

An ``OptionList`` whose keys act on the highlighted entry: Enter edits it,
``a`` adds one, ``u`` marks it uncertain (red) or clears the mark, Delete
removes it, ctrl+up / ctrl+down move it. The list knows nothing about the
session: it shows the prompts it is given and posts :class:`EntryList.Action`
for the screen to turn into an undoable edit.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..recovering import Recovering


class EntryList(Recovering, OptionList):
    """A list of entries with edit / add / uncertain / remove / move keys."""

    BINDINGS = [
        Binding("a", "entry('add')", "Add", id="entry.add", show=False),
        Binding("u", "entry('uncertain')", "Uncertain", id="entry.uncertain", show=False),
        Binding("delete", "entry('remove')", "Remove", id="entry.remove", show=False),
        Binding("ctrl+up", "entry('up')", "Move up", id="entry.up", show=False),
        Binding("ctrl+down", "entry('down')", "Move down", id="entry.down", show=False),
    ]

    #: Actions that work without an entry (on an empty list).
    WITHOUT_ENTRY = frozenset({"add"})

    class Action(Message):
        """``action`` (edit | add | uncertain | remove | up | down) on entry ``index``."""

        def __init__(self, entries: EntryList, action: str, index: int | None) -> None:
            super().__init__()
            self.entries = entries
            self.action = action
            self.index = index

        @property
        def control(self) -> EntryList:
            return self.entries

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._count = 0

    def show(self, prompts: Sequence[Text], empty: Text) -> None:
        """Show exactly ``prompts`` (``empty`` when there are none), keeping the highlight."""
        keep = self.highlighted
        self._count = len(prompts)
        if prompts:
            self.set_options([Option(p) for p in prompts])
            self.highlighted = min(keep if keep is not None else 0, len(prompts) - 1)
        else:
            self.set_options([Option(empty, disabled=True)])

    @property
    def entry(self) -> int | None:
        """The highlighted entry's index (``None`` on an empty list)."""
        return self.highlighted if self._count and self.highlighted is not None else None

    def action_entry(self, action: str) -> None:
        index = self.entry
        if index is None and action not in self.WITHOUT_ENTRY:
            return
        self.post_message(self.Action(self, action, index))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._count:
            self.post_message(self.Action(self, "edit", event.option_index))
