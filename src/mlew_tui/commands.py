"""The command palette (ctrl+p): every command of DESIGN.md, titled in the UI language.

The titles come from the catalog (``cmd.<id>``), so the English UI shows
exactly the documented titles (``Next step``, ``Add review`` ...) and the
Japanese UI Japanese ones. Each command runs an app action - the same one its
key binding runs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Provider

from .domain.agenda import Phase, shown_phases
from .host import host_of

#: (catalog id, action) in the order the palette lists them.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("next_step", "next_step"),
    ("previous_step", "previous_step"),
    ("timer_toggle", "timer('toggle')"),
    ("timer_add", "timer('add')"),
    ("timer_subtract", "timer('subtract')"),
    ("timer_reset", "timer('reset')"),
    ("next_participant", "next_participant"),
    ("add_review", "add_kind('review')"),
    ("add_post", "add_kind('post')"),
    ("add_item", "add_kind('item')"),
    ("add_case", "add_kind('case')"),
    ("import_cases", "add_kind('case_import')"),
    ("roll_die", "roll_die"),
    ("undo", "undo"),
    ("redo", "redo"),
    ("save_now", "save_now"),
    ("save_copy", "save_copy"),
    ("export_markdown", "export_markdown"),
    ("export_calendar", "export_as('ics')"),
    ("export_spreadsheet", "export_as('xlsx')"),
    ("export_csv", "export_as('csv')"),
    ("start_day2", "start_day2"),
    ("show_changes", "show_changes"),
    ("switch_language", "switch_language"),
    ("toggle_bell", "toggle_bell"),
    ("help", "help"),
)

#: Phases with a ``Go to <phase>`` command.
GOTO_PHASES: tuple[str, ...] = (
    Phase.INTRO,
    Phase.LISTEN,
    Phase.DEFINE,
    Phase.INVENT,
    Phase.REFINE,
    Phase.TEST_ITERATE,
    Phase.NEXT_STEP,
    Phase.IMPROVE,
    Phase.PLAN,
)


def palette_entries(app: App[Any]) -> list[tuple[str, str, str]]:
    """(title, help, action) of every command available on the current day;
    the help ends with the command's key, where it has one."""
    host = host_of(app)
    tr = host.tr
    keys = {b.action: app.get_key_display(b) for b in app.BINDINGS if isinstance(b, Binding)}

    def with_key(text: str, key: str | None) -> str:
        return f"{text}  ·  {key}" if key else text

    entries = [(tr(f"cmd.{cid}"), with_key(tr(f"cmd_help.{cid}"), keys.get(action)), action) for cid, action in COMMANDS]
    day_phases = shown_phases(host.workshop.steps)
    for phase in GOTO_PHASES:
        if phase in day_phases:
            name = tr(f"phase.{phase}.title")
            key = f"{keys['goto']} {day_phases.index(phase) + 1}"
            entries.append((tr("cmd.goto", phase=name), with_key(tr("cmd_help.goto", phase=name), key), f"goto_phase('{phase}')"))
    return entries


class MlewCommands(Provider):
    async def discover(self) -> AsyncIterator[DiscoveryHit]:
        for title, help_text, action in palette_entries(self.app):
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        for title, help_text, action in palette_entries(self.app):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.app.run_action, action), help=help_text)
