"""Grouping forms: put the picked reviews into a group, or rename a group.

Assign: type a label and press Enter (or ctrl+s) for a new group, or move
down into the list of groups and press Enter to join one. Rename: edit the
label, Enter or ctrl+s saves. Escape cancels. Returns a :class:`GroupDraft`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ..domain.session import NAME_MAX
from ..i18n import Translator
from ..recovering import Recovering
from ..widgets.text_field import TextField


@dataclass(frozen=True)
class GroupDraft:
    group_id: str  # "" for a new group
    label: str


class GroupForm(Recovering, ModalScreen[GroupDraft | None]):
    CSS_PATH = "group_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("down", "to_list", show=False, id="group_form.to_list"),
    ]

    def __init__(self, tr: Translator, groups: Sequence[tuple[str, str]], *, count: int = 0, rename: tuple[str, str] | None = None) -> None:
        super().__init__()
        self._tr = tr
        self._groups = list(groups)
        self._count = count
        self._rename = rename  # (group id, label) when renaming

    def compose(self) -> ComposeResult:
        tr = self._tr
        with VerticalScroll(id="group-form", classes="form"):
            if self._rename:
                yield Label(tr("ld.group.rename_title", id=self._rename[0]), classes="form-title")
                yield TextField(self._rename[1], placeholder=tr("ld.group.label"), id="label", max_length=NAME_MAX)
            else:
                yield Label(tr("ld.group.assign_title", n=self._count), classes="form-title")
                yield TextField(placeholder=tr("ld.group.new_label"), id="label", max_length=NAME_MAX)
                if self._groups:
                    yield Label(tr("ld.group.existing"), classes="field-label")
                    options = []
                    for gid, label in self._groups:
                        prompt = Text(gid + "  ", style="dim")
                        prompt.append(label)
                        options.append(Option(prompt, id=gid))
                    yield OptionList(*options, id="groups")
            yield Label("", id="error", classes="error")
            yield Label(tr("ld.group.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#label", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(GroupDraft(event.option.id, ""))

    def action_to_list(self) -> None:
        if self.query("#groups"):
            self.query_one("#groups", OptionList).focus()

    def action_save(self) -> None:
        label = self.query_one("#label", Input).value.strip()
        if self._rename:
            if label:
                self.dismiss(GroupDraft(self._rename[0], label))
            else:
                self.query_one("#error", Label).update(self._tr("ld.group.empty"))
            return
        if label:
            self.dismiss(GroupDraft("", label))
            return
        found = self.query("#groups")
        if found and self.focused is found.first():
            option = found.first(OptionList).highlighted_option
            if option is not None and option.id:
                self.dismiss(GroupDraft(option.id, ""))
                return
        self.query_one("#error", Label).update(self._tr("ld.group.empty"))

    def action_cancel(self) -> None:
        self.dismiss(None)
