"""The command palette (ctrl+p): every command of DESIGN.md, titled in the UI language.

The titles come from the catalog (``cmd.<id>``), so the English UI shows
exactly the documented titles (``Next step``, ``Add review`` ...) and the
Japanese UI Japanese ones. Each command runs an app action - the same one its
key binding runs.

A command is found by its title and by the words people type for it
(``cmd_words.<id>`` in the catalogs, comma-separated, in both languages: a
Japanese room types "todo" as often as "タスク"). A command without words is
found by its title alone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Provider
from textual.content import Content

from .domain.agenda import Phase, shown_phases
from .host import host_of
from .i18n import LANGUAGES, catalog

#: (catalog id, action) in the order the palette lists them. The Day 2 plan's
#: commands go to the step whose screen has the key (``on_step``) and run it
#: there; on Day 1 they say they belong to Day 2.
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
    ("reveal", "reveal(True)"),
    ("hide", "reveal(False)"),
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
    ("toggle_day1", "toggle_day1"),
    ("next_view", "next_view(1)"),
    ("previous_view", "next_view(-1)"),
    ("add_todo", "on_step('day2.tasks', 'add_todo')"),
    ("add_milestone", "on_step('day2.timeline', 'add')"),
    ("weekly_meeting", "on_step('day2.register', 'weekly')"),
    ("executive_reports", "on_step('day2.register', 'reports')"),
    ("export_plan", "on_step('day2.register', 'export')"),
    ("switch_language", "switch_language"),
    ("toggle_bell", "toggle_bell"),
    ("toggle_tips", "toggle_tips"),
    ("invite", "invite"),
    ("toggle_join", "toggle_join"),
    ("rotate_join", "rotate_join"),
    ("remove_device", "remove_device"),
    ("stop_join", "stop_join"),
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


def search_words(key: str) -> tuple[str, ...]:
    """The words ``key`` (``cmd_words.<id>``) lists, in every language; none
    when the catalogs have no such key."""
    words: list[str] = []
    for lang in LANGUAGES:
        listed = catalog(lang).get(key, "")
        words += [w.strip() for w in listed.replace("、", ",").split(",") if w.strip() and w.strip() not in words]
    return tuple(words)


def palette_entries(app: App[Any]) -> list[tuple[str, str, str]]:
    """(title, help, action) of every command available on the current day;
    the help ends with the command's key, where it has one."""
    return [(title, help_text, action) for title, help_text, action, _ in _entries(app)]


def _entries(app: App[Any]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(title, help, action, search words) of every command (see :func:`palette_entries`)."""
    host = host_of(app)
    tr = host.tr
    keys = {b.action: app.get_key_display(b) for b in app.BINDINGS if isinstance(b, Binding)}

    def with_key(text: str, key: str | None) -> str:
        return f"{text}  ·  {key}" if key else text

    entries = [(tr(f"cmd.{cid}"), with_key(tr(f"cmd_help.{cid}"), keys.get(action)), action, search_words(f"cmd_words.{cid}")) for cid, action in COMMANDS]
    day_phases = shown_phases(host.workshop.steps)
    goto_words = search_words("cmd_words.goto")
    for phase in GOTO_PHASES:
        if phase in day_phases:
            name = tr(f"phase.{phase}.title")
            key = f"{keys['goto']} {day_phases.index(phase) + 1}"
            words = goto_words + search_words(f"cmd_words.phase.{phase}")
            entries.append((tr("cmd.goto", phase=name), with_key(tr("cmd_help.goto", phase=name), key), f"goto_phase('{phase}')", words))
    return entries


class MlewCommands(Provider):
    async def discover(self) -> AsyncIterator[DiscoveryHit]:
        for title, help_text, action in palette_entries(self.app):
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> AsyncIterator[Hit]:
        """A hit when the query matches the title or any of the command's words
        (the title is highlighted when it is the title that matched). A word
        counts half a title: "meeting" lists ``Weekly meeting`` before the
        commands that only list the word, and a whole title typed is its
        command's best hit."""
        matcher = self.matcher(query)
        for title, help_text, action, words in _entries(self.app):
            by_title = matcher.match(title)
            by_word = max((matcher.match(word) for word in words), default=0.0)
            if by_title > 0 or by_word > 0:
                shown = matcher.highlight(title) if by_title > 0 else Content(title)
                yield Hit(max(by_title, by_word / 2), shown, partial(self.app.run_action, action), text=title, help=help_text)
