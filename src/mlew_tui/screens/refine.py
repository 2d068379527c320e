"""Refine: three roles write the planning document, then read it aloud.

One screen for the phase's three steps (the work area switches with the step):

- ``refine.roles``: everyone into planner, sales or developer, with the
  recommendations of :mod:`mlew_tui.domain.refine` (applied on entering the
  step while nobody has a role - :mod:`mlew_tui.domain.step_entry`; ``r``
  applies them again);
- ``refine.work``: three panels (keys 1-3) - the planner's customer message
  fields with the sentence assembled live and the internal FAQ, the sales
  customer FAQ, the developer's numbered steps; uncertain parts red with a
  marker. Entering the step prefills what is still empty (offer, strength,
  the FAQs' seeded questions) as one undoable edit (the step-entry table);
- ``refine.merge``: the document in read-aloud order, then every uncertain
  part; ``r`` opens the read-aloud mode.

Every change is a command applied through the host (``self.host.apply``:
undoable, saved); the app refreshes the work area afterwards.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, Static

from ..domain import refine as rules
from ..domain.session import NAME_MAX, REFINE_ROLES, TEXT_MAX
from ..forms.refine_forms import FaqDraft, FaqForm, StepDraft, StepForm, TextForm
from ..views.refine_document import document_text, message_text, reader_line, section_text, uncertain_text
from ..widgets.entry_list import EntryList
from ..widgets.faq_list import FaqLabels, FaqList, FaqView
from ..widgets.field_list import FieldList, FieldView
from ..widgets.keybar import KeyBar
from ..widgets.panel_tabs import PanelTabs
from ..widgets.role_list import PersonRow, RoleList
from ..widgets.steps_list import StepsList, StepView
from ..widgets.wrapped import WrappedStatic
from .base import WorkshopScreen
from .refine_read_aloud import Page, ReadAloudScreen

VIEWS = {"refine.roles": "refine-roles", "refine.work": "refine-work", "refine.merge": "refine-merge"}
PANELS = ("planner", "sales", "developer")
#: The list each panel focuses first.
PANEL_FOCUS = {"planner": "#message-fields", "sales": "#customer-faq", "developer": "#steps"}
#: FAQ list id -> the session's FAQ.
FAQ_LISTS = {"internal-faq": "internal_faq", "customer-faq": "customer_faq"}
MULTILINE_FIELDS = {"offer"}


class RefineScreen(WorkshopScreen):
    # The stylesheets of the forms it opens are read with it: one arriving with a form would make Textual parse every stylesheet again.
    CSS_PATH = ["refine.tcss", "../forms/refine_forms.tcss"]
    ADDS = ("refine_entry",)
    BINDINGS = [
        Binding("1", "panel('planner')", "Planner", id="refine.panel_planner", show=False),
        Binding("2", "panel('sales')", "Sales", id="refine.panel_sales", show=False),
        Binding("3", "panel('developer')", "Developer", id="refine.panel_developer", show=False),
        Binding("r", "read_aloud", "Read aloud", id="refine.read_aloud", show=False),
    ]

    #: The document's parts, and the people who write and read them.
    WORK_PARTS: ClassVar[frozenset[str]] = frozenset({"refine", "participants", "cases", "invent", "items", "customer", "product", "scores", "votes"})

    def __init__(self) -> None:
        super().__init__()
        self._panel = "planner"
        #: (list id, row) to highlight once the next refresh has shown the list.
        self._select: tuple[str, int] | None = None

    # -- layout ------------------------------------------------------------------
    def compose_work(self) -> ComposeResult:
        with ContentSwitcher(initial="refine-roles", id="refine-switcher"):
            with VerticalScroll(id="refine-roles"):
                yield Static(id="roles-intro", classes="lead")
                yield RoleList(id="role-list")
                yield Static(id="roles-summary")
                yield Static(id="roles-hint", classes="keys-hint")
            with Vertical(id="refine-work"):
                yield PanelTabs(id="work-tabs")
                with ContentSwitcher(initial="panel-planner", id="work-panels"):
                    with VerticalScroll(id="panel-planner"):
                        yield Static(id="planner-heading", classes="panel-heading")
                        yield FieldList(id="message-fields")
                        yield WrappedStatic(id="message-sentence")
                        yield Static(id="internal-heading", classes="panel-heading")
                        yield FaqList(id="internal-faq")
                    with Vertical(id="panel-sales"):
                        yield Static(id="sales-heading", classes="panel-heading")
                        yield FaqList(id="customer-faq")
                    with Vertical(id="panel-developer"):
                        yield Static(id="developer-heading", classes="panel-heading")
                        yield StepsList(id="steps")
                yield Static(id="work-hint", classes="keys-hint")
            with Vertical(id="refine-merge"):
                with VerticalScroll(id="merge-scroll"):
                    yield WrappedStatic(id="merge-doc")
                yield Static(id="merge-hint", classes="keys-hint")

    @property
    def step_id(self) -> str:
        """The Refine step whose work shows (on Day 2, the re-run's view)."""
        return self.host.workshop.view_step

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "panel":
            return self.step_id == "refine.work"
        if action == "read_aloud":
            return self.step_id == "refine.merge"
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The key bar names the keys of the list that has focus."""
        self.query_one(KeyBar).refresh_keys()

    # -- refresh -------------------------------------------------------------------
    def refresh_work(self) -> None:
        step = self.step_id
        self.query_one("#refine-switcher", ContentSwitcher).current = VIEWS.get(step, "refine-roles")
        if step == "refine.work":
            self._refresh_panels()
        elif step == "refine.merge":
            self._refresh_merge()
        else:
            self._refresh_roles()
        if self._select is not None:
            list_id, row = self._select
            self._select = None
            entries = self.query_one(f"#{list_id}", EntryList)
            entries.highlighted = max(0, min(entries.option_count - 1, row))

    def step_entered(self, step: str) -> None:
        """Focus the step's main list (the prefills are the step-entry table's)."""
        self._focus_step()

    def _focus_step(self) -> None:
        step = self.step_id
        # Focused as the screen is filled, before it is laid out: nothing to
        # scroll into view yet (scrolling now would use a stale layout).
        if step == "refine.roles":
            self.query_one(RoleList).focus(scroll_visible=False)
        elif step == "refine.work":
            self.query_one(PANEL_FOCUS[self._panel]).focus(scroll_visible=False)
        elif step == "refine.merge":
            self.query_one("#merge-scroll").focus(scroll_visible=False)

    def _refresh_roles(self) -> None:
        tr, session = self.host.tr, self.host.workshop.session
        self.query_one("#roles-intro", Static).update(Text(tr("refine.roles.intro")))
        current = rules.assignments(session)
        rows = []
        for person in session.participants:
            role = current[person.id]
            recommended = rules.recommended_role(person.role)
            rows.append(
                PersonRow(
                    person.id,
                    person.name,
                    tr(f"role.{person.role}"),
                    tr(f"refine.role.{role}") if role else "",
                    tr("refine.roles.recommended", role=tr(f"refine.role.{recommended}")),
                    role is not None and role != recommended,
                )
            )
        self.query_one(RoleList).show(rows, tr("refine.roles.no_role"), tr("refine.roles.no_participants"))
        summary = Text()
        sep = tr("diag.list_sep")
        for role in REFINE_ROLES:
            summary.append(tr(f"refine.role.{role}"), style="bold")
            summary.append(" " + tr(f"refine.role_task.{role}") + "\n", style="dim")
            names = rules.readers(session, role)
            summary.append("   " + (sep.join(names) if names else tr("refine.nobody")) + "\n", style="" if names else "italic yellow")
        by_id = {p.id: p.name for p in session.participants}
        for problem in rules.role_problems(session):
            subject = tr(f"refine.role.{problem.subject}") if problem.subject in REFINE_ROLES else by_id.get(problem.subject, problem.subject)
            summary.append("! " + tr(problem.key, name=subject) + "\n", style="bold yellow")
        self.query_one("#roles-summary", Static).update(summary)
        self.query_one("#roles-hint", Static).update(Text(tr("refine.hint.roles")))

    def _role_label(self, role: str) -> str:
        tr, session = self.host.tr, self.host.workshop.session
        names = rules.readers(session, role)
        return tr("refine.panel", role=tr(f"refine.role.{role}"), names=tr("diag.list_sep").join(names) or tr("refine.nobody"))

    def _faq_labels(self) -> FaqLabels:
        tr = self.host.tr
        return FaqLabels(tr("refine.faq.question"), tr("refine.faq.answer"), tr("refine.uncertain_marker"), tr("refine.faq.no_answer"), tr("refine.faq.empty"))

    def _refresh_panels(self) -> None:
        tr, session = self.host.tr, self.host.workshop.session
        ref = session.refine
        self.query_one(PanelTabs).show([self._role_label(r) for r in PANELS], PANELS.index(self._panel))
        self.query_one("#work-panels", ContentSwitcher).current = f"panel-{self._panel}"
        self.query_one("#planner-heading", Static).update(Text(tr("refine.heading.message")))
        fields = [FieldView(f, tr(f"diag.part.{f}"), getattr(ref, f)) for f in rules.MESSAGE_FIELDS]
        self.query_one(FieldList).show(fields, tr("refine.message.empty_field"))
        sentence = Text().append(tr("refine.message.live") + "\n", style="dim")
        sentence.append_text(message_text(session, tr))
        self.query_one("#message-sentence", Static).update(sentence)
        self.query_one("#internal-heading", Static).update(Text(tr("refine.heading.internal_faq")))
        labels = self._faq_labels()
        self.query_one("#internal-faq", FaqList).show_faqs([FaqView(f.q, f.a, f.uncertain) for f in ref.internal_faq], labels)
        self.query_one("#sales-heading", Static).update(Text(tr("refine.heading.customer_faq")))
        self.query_one("#customer-faq", FaqList).show_faqs([FaqView(f.q, f.a, f.uncertain) for f in ref.customer_faq], labels)
        self.query_one("#developer-heading", Static).update(Text(tr("refine.heading.steps")))
        self.query_one(StepsList).show_steps([StepView(s.text, s.uncertain) for s in ref.steps], tr("refine.uncertain_marker"), tr("refine.steps_empty"))
        self.query_one("#work-hint", Static).update(Text(tr("refine.hint.work")))

    def _refresh_merge(self) -> None:
        tr, session = self.host.tr, self.host.workshop.session
        self.query_one("#merge-doc", Static).update(document_text(session, tr))
        self.query_one("#merge-hint", Static).update(Text(tr("refine.hint.merge")))

    # -- actions ---------------------------------------------------------------------
    def _apply(self, name: str, *args: object) -> None:
        """A command on the document; the app refreshes the work area after the key."""
        self.host.apply(name, *args)

    def action_panel(self, panel: str) -> None:
        self._panel = panel
        self.refresh_work()  # a view change, not a session change
        self.query_one(PANEL_FOCUS[panel]).focus()

    def action_read_aloud(self) -> None:
        tr, session = self.host.tr, self.host.workshop.session
        pages = [
            Page(tr(f"refine.section.{part.section}"), reader_line(session, tr, part), section_text(session, tr, part.section))
            for part in rules.read_aloud(session)
        ]
        count = len(rules.uncertain_parts(session))
        pages.append(Page(tr("refine.section.uncertain", n=count), tr("refine.read.everyone"), uncertain_text(session, tr)))
        self.app.push_screen(ReadAloudScreen(pages, tr("refine.read.counter"), tr("refine.hint.read")))

    def on_role_list_assign(self, message: RoleList.Assign) -> None:
        self._apply("assign_role", message.person, message.role)

    def on_role_list_recommend(self, message: RoleList.Recommend) -> None:
        self._apply("recommend_roles")

    def on_field_list_edit(self, message: FieldList.Edit) -> None:
        app, session, field = self.host, self.host.workshop.session, message.name
        if message.clear:
            self._apply("set_message_field", field, "")
            return

        def done(value: str | None) -> None:
            if value is not None and value != getattr(session.refine, field):
                self._apply("set_message_field", field, value)

        self.app.push_screen(
            TextForm(
                app.tr,
                app.tr("refine.form.field", part=app.tr(f"diag.part.{field}")),
                getattr(session.refine, field),
                multiline=field in MULTILINE_FIELDS,
                placeholder=app.tr(f"refine.placeholder.{field}"),
                preview=lambda value: message_text(session, app.tr, override=(field, value)),
                max_length=NAME_MAX if field == "product_name" else TEXT_MAX,
                example=app.tr(f"refine.example.{field}"),
            ),
            done,
        )

    def open_add_form(self, kind: str) -> None:
        """F2 on the work step: add to the list that has focus (the panel's list)."""
        if self.step_id != "refine.work":
            return
        focused = self.focused
        target = focused if isinstance(focused, EntryList) else None
        if target is None:
            target = self.query_one("#internal-faq" if self._panel == "planner" else PANEL_FOCUS[self._panel], EntryList)
        self._entry_action(target, "add", None)

    def on_entry_list_action(self, message: EntryList.Action) -> None:
        message.stop()
        self._entry_action(message.entries, message.action, message.index)

    def _entry_action(self, entries: EntryList, action: str, index: int | None) -> None:
        if entries.id in FAQ_LISTS:
            kind = FAQ_LISTS[entries.id or ""]
            ops: dict[str, tuple[str, tuple[object, ...]]] = {
                "uncertain": ("toggle_faq_uncertain", (kind,)),
                "remove": ("remove_faq", (kind,)),
                "up": ("move_faq", (kind,)),
                "down": ("move_faq", (kind,)),
            }
        else:
            kind = "steps"
            ops = {
                "uncertain": ("toggle_step_uncertain", ()),
                "remove": ("remove_step", ()),
                "up": ("move_step", ()),
                "down": ("move_step", ()),
            }
        if action in ops and index is not None:
            name, head = ops[action]
            offset = {"up": -1, "down": 1}.get(action)
            if offset is None:
                self._apply(name, *head, index)
            else:
                self._apply(name, *head, index, offset)
                self._select = (entries.id or "", index + offset)  # the moved entry stays highlighted
        elif action in ("add", "edit"):
            self._open_entry_form(kind, None if action == "add" else index)

    def _open_entry_form(self, kind: str, index: int | None) -> None:
        app, session = self.host, self.host.workshop.session
        tr = app.tr
        if kind == "steps":
            step = session.refine.steps[index] if index is not None else None

            def step_done(draft: StepDraft | None) -> None:
                if draft is None:
                    return
                if index is None:
                    self._apply("add_step", draft.text, draft.uncertain)
                    self._select = ("steps", len(session.refine.steps) - 1)
                else:
                    self._apply("edit_step", index, draft.text, draft.uncertain)

            title = tr("refine.form.add_step") if step is None else tr("refine.form.edit_step", n=(index or 0) + 1)
            self.app.push_screen(StepForm(tr, title, StepDraft(step.text, step.uncertain) if step else None), step_done)
            return
        faqs = getattr(session.refine, kind)
        faq = faqs[index] if index is not None else None

        def faq_done(draft: FaqDraft | None) -> None:
            if draft is None:
                return
            if index is None:
                self._apply("add_faq", kind, draft.q, draft.a, draft.uncertain)
                self._select = (kind.replace("_", "-"), len(faqs) - 1)
            else:
                self._apply("edit_faq", kind, index, draft.q, draft.a, draft.uncertain)

        title = tr(f"refine.form.add_{kind}") if faq is None else tr(f"refine.form.edit_{kind}", n=(index or 0) + 1)
        self.app.push_screen(FaqForm(tr, title, FaqDraft(faq.q, faq.a, faq.uncertain) if faq else None), faq_done)
