"""`camtui diagram`: a BPMN diagram printed on the terminal, from a file or from the engine with its
live counts (instances waiting and incidents per element; an instance's active, failed and passed
elements), so it can go into a pipeline, a CI log or a ticket."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
from pathlib import Path

from camtui.api import errors
from camtui.api.models import DefinitionFilter, ProcessDefinition
from camtui.api.paging import all_items
from camtui.api.protocol import Engine
from camtui.commands.common import OK, USAGE_ERROR, CommandError, run_with_engine
from camtui.diagram import LEGEND, DiagramError, Document, Overlay, Rendered, parse, render
from camtui.diagram.live import Live, definition_diagram, instance_diagram
from camtui.kinds.format import safe

# SGR codes per style name; what is not here is the terminal's own colour
ANSI = {
    "task": "36",
    "subprocess": "36",
    "subprocess-name": "36;1",
    "event": "32",
    "event-end": "32;1",
    "gateway": "33",
    "pool": "2",
    "pool-name": "1",
    "lane": "2",
    "lane-name": "2;1",
    "group": "2",
    "annotation": "2",
    "data": "2",
    "association": "2",
    "message-flow": "34",
    "flow-label": "2;3",
    "active": "34;1",
    "incident": "31;1",
    "passed": "2",
    "passed-flow": "2",
    "selected": "7",
    "badge-running": "97;44;1",
    "badge-incident": "97;41;1",
}
MIN_WIDTH = 20


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "diagram",
        help="print a BPMN diagram: from a file, or a definition's or instance's with live counts",
    )
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", help="a .bpmn file")
    source.add_argument("--definition", metavar="KEY[:VERSION]", help="a process definition (latest version)")
    source.add_argument("--instance", metavar="ID", help="a process instance: where it is, its incidents")
    p.add_argument("--width", type=int, default=None, help="columns (default: the terminal's)")
    p.add_argument("--no-color", action="store_true", help="plain text (also when NO_COLOR is set)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    width = args.width or shutil.get_terminal_size((120, 24)).columns
    if width < MIN_WIDTH:
        raise CommandError(f"--width must be at least {MIN_WIDTH}", USAGE_ERROR)
    colour = not args.no_color and not os.environ.get("NO_COLOR") and sys.stdout.isatty()
    if args.file:
        try:
            document = parse(Path(args.file).read_bytes())
        except OSError as exc:
            raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}", USAGE_ERROR) from None
        except DiagramError as exc:
            raise CommandError(f"{args.file}: {exc}", USAGE_ERROR) from None
        print_document(document, Overlay(), width, colour, legend=LEGEND)
        return OK

    async def work(engine: Engine) -> Live:
        if args.instance:
            return await instance_diagram(engine, args.instance)
        return await definition_diagram(engine, await resolve(engine, args.definition))

    live = run_with_engine(args, work)
    try:
        document = live.document()
    except DiagramError as exc:
        raise CommandError(f"the engine's BPMN can not be drawn: {exc}", 1) from None
    print(textwrap.fill(safe(live.title, layout=False), width))
    print_document(document, live.overlay, width, colour, live.notes, legend=live.legend)
    return OK


async def resolve(engine: Engine, reference: str) -> ProcessDefinition:
    """KEY (its latest version), KEY:VERSION, or a definition id."""
    key, _, version = reference.rpartition(":") if reference.count(":") == 1 else (reference, "", "")
    if not version.isdigit():
        key, version = reference, ""
    if not version:
        try:
            return await engine.definitions.get_latest(key)
        except errors.NotFound:
            return await engine.definitions.get(reference)
    f = DefinitionFilter(bpmn_process_id=key)
    async for d in all_items(lambda token: engine.definitions.list(f, after=token)):
        if d.version == int(version):
            return d
    raise CommandError(f"no version {version} of process definition {key!r}", 1)


def print_document(
    document: Document, overlay: Overlay, width: int, colour: bool, notes: tuple[str, ...] = (), *, legend: str = LEGEND
) -> None:
    many = len(document.diagrams) > 1
    for diagram in document.diagrams:
        if many or diagram.computed:
            print(textwrap.fill(safe(diagram.name, layout=False), width))
        rendered = render(diagram, width, overlay=overlay)
        print("\n".join(lines(rendered, colour)))
        for problem in diagram.problems + rendered.problems:
            say(problem if problem.startswith("not drawn") else f"not drawn: {problem}", width)
        if many:
            print()
    for problem in document.problems:
        say(problem, width)
    if overlay.running or overlay.incidents:
        say(legend, width)
    for note in notes:
        say(note, width)


def say(text: str, width: int) -> None:
    """A line under the drawing, wrapped to the same width."""
    print(textwrap.fill(safe(text, layout=False), width, initial_indent="  ", subsequent_indent="    "))


def lines(rendered: Rendered, colour: bool) -> list[str]:
    if not colour:
        return rendered.plain()
    out = []
    for line in rendered.lines:
        parts = []
        for text, style in line:
            code = ANSI.get(style)
            parts.append(f"\x1b[{code}m{text}\x1b[0m" if code else text)
        out.append("".join(parts))
    return out
