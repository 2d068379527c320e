"""Each screen's, form's and widget's CSS applies only where it belongs.

Textual reads a ``CSS_PATH`` stylesheet for the whole app, not for the screen
that names it: once Listen had been shown, a rule of listen.tcss restyled
whatever it matched in any screen or form (a text form opened on Next Step
then stood at 95% of the terminal and its field moved down a line). So every
rule of a .tcss file is nested under the class it is for (``ListenScreen {
... }``, ``CaseForm { ... }``), a widget's own styles are its ``DEFAULT_CSS``
(which Textual scopes to the widget), and app.tcss keeps the few rules every
screen shares, each named below with the reason.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.app import App
from textual.css.model import Selector, SelectorType
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen

import mlew_tui
from mlew_tui.app import MlewApp

from .conftest import FakeClock

PACKAGE = Path(mlew_tui.__file__).parent

#: Every stylesheet of the package -> the classes its rules are nested under.
OWNERS: dict[str, set[str]] = {
    "app.tcss": {"WorkshopScreen"},
    "screens/setup.tcss": {"SetupScreen"},
    "screens/listen.tcss": {"ListenScreen"},
    "screens/define.tcss": {"DefineScreen"},
    "screens/invent.tcss": {"InventScreen"},
    "screens/refine.tcss": {"RefineScreen", "ReadAloudScreen"},
    "screens/test_iterate.tcss": {"TestIterateScreen"},
    "screens/next_step.tcss": {"NextStepScreen"},
    "screens/day2.tcss": {"Day2Screen", "ChangesScreen"},
    "forms/customer_form.tcss": {"CustomerForm"},
    "forms/group_form.tcss": {"GroupForm"},
    "forms/post_form.tcss": {"PostForm"},
    "forms/item_form.tcss": {"ItemForm"},
    "forms/case_form.tcss": {"CaseForm"},
    "forms/case_import.tcss": {"CaseImportForm"},
    "forms/refine_forms.tcss": {"TextForm", "FaqForm", "StepForm"},
    "forms/day2_forms.tcss": {"PlanForm"},
}

#: The rules of app.tcss that are for the whole app, and why.
APP_WIDE: dict[str, str] = {
    "ModalScreen": "every dialog (forms, help, go to) stands in the middle of the terminal",
    ".form": "the frame of every form: the dialogs in forms/ and Listen's inline review form",
    ".form-title": "the title line of every form",
    ".form ChoiceField": "the choice fields of every form",
    ".form ChoiceField:focus": "the focused choice field of every form",
    ".error": "an error line, on a screen (Setup) or in any form",
    ".hint": "a hint line, on a screen (Setup), in help, go to or any form",
}


def stylesheets() -> list[str]:
    return sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.tcss"))


def selectors_of(css: str, where: str) -> list[list[Selector]]:
    """Each rule's selectors (nested rules come out whole: ``ListenScreen #board-pane``)."""
    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.add_source(css, read_from=(where, ""))
    return [selector_set.selectors for rule in sheet.rules for selector_set in rule.selector_set]


def package_classes() -> dict[str, type[DOMNode]]:
    """Every screen, form and widget class of the package, by name."""
    found: dict[str, type[DOMNode]] = {}
    names = [f"mlew_tui.{folder}.{m.name}" for folder in ("screens", "forms", "widgets") for m in pkgutil.iter_modules([str(PACKAGE / folder)])]
    for module in map(importlib.import_module, names):
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, DOMNode) and value.__module__ == module.__name__:
                found[name] = value
    return found


def css_files(cls: type[DOMNode]) -> list[Path]:
    """The stylesheets a screen class names, resolved as Textual resolves them."""
    names = getattr(cls, "CSS_PATH", None) or []
    names = [names] if isinstance(names, (str, Path)) else list(names)
    folder = Path(inspect.getfile(cls)).parent
    return [(folder / name).resolve() for name in names]


def test_every_stylesheet_has_owners() -> None:
    assert stylesheets() == sorted(OWNERS)


@pytest.mark.parametrize("sheet", sorted(OWNERS))
def test_every_rule_is_nested_under_its_owner(sheet: str) -> None:
    css = (PACKAGE / sheet).read_text(encoding="utf-8")
    strays = []
    for selectors in selectors_of(css, sheet):
        first = selectors[0]
        if first.type == SelectorType.TYPE and first.name in OWNERS[sheet]:
            continue
        text = " ".join(selector.css for selector in selectors)
        if sheet == "app.tcss" and text in APP_WIDE:
            continue
        strays.append(text)
    assert strays == []


def test_app_wide_rules_are_all_still_there() -> None:
    """The allow-list names only rules app.tcss has (none is left stale)."""
    css = (PACKAGE / "app.tcss").read_text(encoding="utf-8")
    texts = {" ".join(s.css for s in selectors) for selectors in selectors_of(css, "app.tcss")}
    assert set(APP_WIDE) <= texts


@pytest.mark.parametrize("sheet", sorted(OWNERS))
def test_each_owner_reads_its_stylesheet(sheet: str) -> None:
    classes = package_classes()
    path = (PACKAGE / sheet).resolve()
    for owner in OWNERS[sheet]:
        reader = MlewApp if owner == "WorkshopScreen" else classes[owner]
        assert path in css_files(reader), owner


def test_forms_read_no_screen_stylesheet() -> None:
    """A form (a dialog in forms/) reads its own stylesheet or none, never a
    phase screen's: the phase screen's rules are not for the form."""
    forms = {name: cls for name, cls in package_classes().items() if cls.__module__.startswith("mlew_tui.forms.") and issubclass(cls, Screen)}
    assert {"CaseForm", "CustomerForm", "GroupForm", "ItemForm", "PostForm", "TextForm", "PlanForm"} <= set(forms)
    for name, cls in forms.items():
        for path in css_files(cls):
            assert path.parent == PACKAGE / "forms", (name, path)


def test_widget_styles_are_scoped_to_the_widget() -> None:
    """``DEFAULT_CSS`` is scoped by Textual to its class; a class that opts out
    (its rules start at the screen's ``.-narrow``) names itself in every rule."""
    unscoped = []
    for name, cls in package_classes().items():
        css = cls.__dict__.get("DEFAULT_CSS", "")
        if not css or cls.__dict__.get("SCOPED_CSS", True):
            continue
        unscoped.append(name)
        for selectors in selectors_of(css, name):
            assert any(s.type == SelectorType.TYPE and s.name == name for s in selectors), (name, [s.css for s in selectors])
    assert unscoped == ["CountdownTimer"]


def test_board_styles_are_the_boards() -> None:
    """The board is styled wherever it is shown: Define reads no Listen rules."""
    classes = package_classes()
    assert "CardBoard {" in classes["CardBoard"].__dict__["DEFAULT_CSS"]
    assert (PACKAGE / "screens/listen.tcss").resolve() not in css_files(classes["DefineScreen"])


async def test_a_listen_rule_no_longer_restyles_a_text_form(en_sample: Path, clock: FakeClock) -> None:
    """Listen's stylesheet stays loaded after Listen; the text form of Next
    Step keeps its own look (it had taken Listen's 95% of the height)."""
    app = MlewApp(en_sample, day=1, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "listen.reviews")
        await pilot.pause()
        app.apply("goto", "next_step")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "TextForm"
        assert form.query_one("#form").styles.max_height is None


@pytest.mark.parametrize(
    ("step", "key", "form"),
    [("listen.customer", "e", "CustomerForm"), ("define.posts", "f2", "PostForm"), ("invent.cases", "f2", "CaseForm"), ("next_step", "e", "TextForm")],
)
async def test_a_form_opened_from_its_screen_parses_no_stylesheet(
    en_sample: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, step: str, key: str, form: str
) -> None:
    """The forms' stylesheets are read with the screen that opens them: a
    stylesheet arriving with a form would make Textual parse them all again."""
    app = MlewApp(en_sample, day=1, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", step)
        await pilot.pause()
        reparses: list[int] = []
        real = Stylesheet.reparse

        def counted(self: Stylesheet) -> None:
            reparses.append(1)
            real(self)

        monkeypatch.setattr(Stylesheet, "reparse", counted)
        await pilot.press(key)
        await pilot.pause()
        assert type(app.screen).__name__ == form
        assert reparses == []
