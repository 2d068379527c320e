"""``FieldList``: named text fields, one line each, edited one at a time.

Enter asks to edit the highlighted field, Delete to clear it; the screen
opens the form and makes the edit. Values are shown literally on one line
(cut with an ellipsis when long); an empty one shows the ``blank`` text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..recovering import Recovering


@dataclass(frozen=True)
class FieldView:
    name: str
    label: str
    value: str


class FieldList(Recovering, OptionList):
    BINDINGS = [Binding("delete", "clear", "Clear", id="field.clear", show=False)]

    class Edit(Message):
        def __init__(self, fields: FieldList, name: str, clear: bool = False) -> None:
            super().__init__()
            self.fields = fields
            self.name = name
            self.clear = clear

        @property
        def control(self) -> FieldList:
            return self.fields

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._names: list[str] = []
        self._fields: tuple[FieldView, ...] = ()
        self._blank = ""

    def show(self, fields: Sequence[FieldView], blank: str) -> None:
        """One line per field; a long value is cut with an ellipsis (the whole
        value shows in the form and in the assembled sentence)."""
        self._fields, self._blank = tuple(fields), blank
        keep = self.highlighted
        self._names = [f.name for f in fields]
        width = max(20, self.scrollable_content_region.width or 70)
        options = []
        for field in fields:
            text = Text()
            text.append(field.label + ": ", style="bold")
            value = " ".join(field.value.split())
            if value:
                text.append(value)
            else:
                text.append(blank, style="italic yellow")
            text.truncate(width, overflow="ellipsis")
            options.append(Option(text))
        self.set_options(options)
        if fields:
            self.highlighted = min(keep if keep is not None else 0, len(fields) - 1)

    def on_resize(self) -> None:
        if self._fields:
            self.show(self._fields, self._blank)

    @property
    def current(self) -> str | None:
        index = self.highlighted
        return self._names[index] if index is not None and index < len(self._names) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Edit(self, self._names[event.option_index]))

    def action_clear(self) -> None:
        if self.current is not None:
            self.post_message(self.Edit(self, self.current, clear=True))
