"""The plan of a change, before it runs: targets, impact, the exact requests, options, and the
confirmation its risk asks for (a button, or a typed word). `c` copies the requests as curl."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static

from camtui.api.plan import Plan, Risk
from camtui.kinds.base import Action, Options
from camtui.kinds.format import safe
from camtui.kinds.runner import Confirmation
from camtui.ui.screens.base import CamtuiModal

Replan = Callable[[Options], Awaitable[Plan]]


class PlanModal(CamtuiModal[dict[str, Any] | None]):
    """Dismisses with the chosen options to go ahead, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="plan.cancel"),
        Binding("ctrl+y", "copy_curl", "Copy as curl", id="plan.copy_curl"),
        # a plan with many options can be taller than the terminal: going ahead needs no button
        Binding("ctrl+s", "go", "Go ahead", id="plan.go"),
    ]

    class Replanned(Message):
        def __init__(self, plan: Plan, confirmation: Confirmation) -> None:
            super().__init__()
            self.plan = plan
            self.confirmation = confirmation

    def __init__(
        self,
        action: Action[Any],
        plan: Plan,
        confirmation: Confirmation,
        options: Options,
        replan: Callable[[Options], Awaitable[tuple[Plan, Confirmation]]],
        suggest: Callable[[str], Suggester] | None = None,
    ) -> None:
        super().__init__()
        self.suggest = suggest
        self.action = action
        self.plan = plan
        self.confirmation = confirmation
        self.options = dict(options)
        self.replan = replan

    def compose(self) -> ComposeResult:
        danger = self.plan.risk is Risk.DESTROY
        # scrolls when the options are more than the terminal shows (a new authorization at 80x24)
        with VerticalScroll(id="dialog", classes="dialog danger" if danger else "dialog"):
            yield Label(Text(self.plan.title, style="bold"), id="plan-title")
            with VerticalScroll(id="plan-body"):
                yield Static(id="plan-targets")
                yield Static(id="impact")
                yield Static(id="request", classes="dim")
            for option in self.action.options:
                if option.is_flag:
                    yield Checkbox(option.label, bool(self.options.get(option.name)), id=option.name)
                else:
                    yield Label(Text(option.label))
                    yield Input(
                        str(self.options.get(option.name) or ""),
                        id=option.name,
                        password=option.secret,
                        suggester=self.suggester(option.suggest) if option.suggest else None,
                    )
            yield Label(id="typed-label")
            yield Input(id="typed")
            with Horizontal(classes="buttons"):
                yield Button(self.action.label, id="go", variant="error" if danger else "primary")
                # "Back", not "Cancel": cancelling is itself an action (of process instances)
                yield Button("Back", id="cancel")

    def suggester(self, kind_name: str) -> Suggester | None:
        """Ids of the kind as completions (a user picker), when the dialog knows the engine."""
        return None if self.suggest is None else self.suggest(kind_name)

    def on_mount(self) -> None:
        self.show_plan()
        first = self.first_focus()
        # on a short terminal the dialog scrolls: it opens at its top, where the plan says what it does
        # to what (enter works on the button below); a field to type into is scrolled to
        first.focus(scroll_visible=isinstance(first, Input))

    def first_focus(self) -> Widget:
        """The typed word when one is asked for; Back for a destroying plan (a reflexive enter goes
        nowhere); else the first empty field the user is there to fill in; else the go button."""
        if self.confirmation.level == "typed":
            return self.query_one("#typed")
        if self.plan.risk is Risk.DESTROY:
            return self.query_one("#cancel")
        empty = [box for box in self.query(Input) if box.id != "typed" and not box.value]
        return empty[0] if empty else self.query_one("#go")

    def show_plan(self) -> None:
        plan = self.plan
        lines = [f"  • {safe(str(t))}" for t in plan.targets[:10]]
        if plan.count > 10:
            lines.append(f"  … and {plan.count - 10} more")
        self.query_one("#plan-title", Label).update(Text(plan.title, style="bold"))
        self.query_one("#plan-targets", Static).update(Text("\n".join(lines)))
        style = "bold red" if plan.impact_count else ("yellow" if plan.warnings else "green")
        impact = "\n".join([plan.impact, *(f"! {w}" for w in plan.warnings)]).strip()
        self.query_one("#impact", Static).update(Text(safe(impact), style=style))
        requests = [r.line() for r in plan.requests[:3]]
        if len(plan.requests) > 3:
            requests.append(f"… {len(plan.requests) - 3} more of the same shape")
        self.query_one("#request", Static).update(Text(safe("\n".join(requests))))
        typed = self.confirmation.level == "typed"
        label = self.query_one("#typed-label", Label)
        box = self.query_one("#typed", Input)
        label.display = box.display = typed
        if typed:
            label.update(Text(f"Type {self.confirmation.word!r} to confirm:"))
            box.placeholder = self.confirmation.word
        self.update_go()

    def update_go(self) -> None:
        typed = self.confirmation.level == "typed"
        ok = not typed or self.query_one("#typed", Input).value.strip() == self.confirmation.word
        # a plan that sends nothing and names nothing, or says what is wrong, is not complete yet: its
        # warnings say what is missing, and what was typed stays in the form to be put right
        plan = self.plan
        ok = ok and bool(plan.requests or (plan.targets and not plan.warnings))
        self.query_one("#go", Button).disabled = not ok

    # -- options change the plan (a cascade changes the request and the impact) --------------------

    @on(Checkbox.Changed)
    def flag_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id:
            self.options[event.checkbox.id] = event.value
            self.make_plan(dict(self.options))

    @on(Input.Changed)
    def input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "typed":
            self.update_go()
        elif event.input.id:
            self.options[event.input.id] = event.value
            self.make_plan(dict(self.options))

    @work(exclusive=True, group="replan", exit_on_error=False)
    async def make_plan(self, options: Options) -> None:
        plan, confirmation = await self.replan(options)
        self.post_message(self.Replanned(plan, confirmation))

    @on(Replanned)
    def replanned(self, message: Replanned) -> None:
        self.plan = message.plan
        self.confirmation = message.confirmation
        self.show_plan()

    @on(Input.Submitted)
    def typed_submitted(self) -> None:
        """Enter in any field goes ahead, as the button would (not while a typed word is missing)."""
        self.action_go()

    def action_go(self) -> None:
        if not self.query_one("#go", Button).disabled:
            self.dismiss(self.options)

    @on(Button.Pressed, "#go")
    def go(self) -> None:
        self.dismiss(self.options)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_copy_curl(self) -> None:
        self.app.copy_to_clipboard("\n".join(r.curl() for r in self.plan.requests))
        self.notify(f"Copied {len(self.plan.requests)} request(s) as curl (no secret in them).")
