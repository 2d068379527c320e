"""``ChoiceField``: one of a few options, chosen with a single key.

Each option has a key (``p`` positive / ``n`` negative, ``1``/``3``/``5``
points ...); pressing it selects the option, left/right cycle. The options'
labels are shown side by side with the chosen one marked by ``●`` as well as
by colour. Posts :class:`ChoiceField.Changed`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..recovering import Recovering


@dataclass(frozen=True)
class Choice:
    value: str
    key: str
    label: str


class ChoiceField(Recovering, Widget, can_focus=True):
    BINDINGS = [
        Binding("left", "cycle(-1)", show=False, id="choice.previous"),
        Binding("right", "cycle(1)", show=False, id="choice.next"),
    ]

    class Changed(Message):
        def __init__(self, field: ChoiceField, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> ChoiceField:
            return self.field

    value: reactive[str] = reactive("")

    def __init__(self, label: str, choices: Sequence[Choice], value: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = label
        self._choices = tuple(choices)
        self.set_reactive(ChoiceField.value, value)

    def render(self) -> Text:
        text = Text()
        text.append(self._label + "  ", style="bold")
        for choice in self._choices:
            chosen = choice.value == self.value
            text.append(("● " if chosen else "○ ") + choice.label, style="reverse bold" if chosen else "")
            text.append(f" [{choice.key}]   ", style="dim")
        return text

    def on_key(self, event: events.Key) -> None:
        for choice in self._choices:
            if event.character == choice.key:
                event.stop()
                event.prevent_default()
                self.value = choice.value
                return

    def action_cycle(self, step: int) -> None:
        values = [c.value for c in self._choices]
        index = values.index(self.value) if self.value in values else 0
        self.value = values[(index + step) % len(values)]

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))
