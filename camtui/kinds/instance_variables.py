"""One process instance's variables beyond setting them: delete one (an action, planned and confirmed),
Json and serialized Object values as text to edit (validated on return, sent back with their
serialization format and type name), File values saved byte for byte without a half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import NotFound
from camtui.api.models import Variable, VariableSyntaxError, VariableValue
from camtui.api.models.base import Model
from camtui.api.plan import Plan, Risk, Target
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Options, RunResult, Scope
from camtui.kinds.common import previews
from camtui.kinds.format import written


class VariableRef(Model):
    """A variable of one process instance, as an action's target."""

    instance_id: str
    name: str
    type: str = ""


def _target(v: VariableRef) -> Target:
    # the label's first word is what a typed confirmation asks for: the variable's name
    return Target(id=f"{v.instance_id}/{v.name}", label=f"{v.name} (on {v.instance_id})")


async def plan_delete(engine: Engine, items: Sequence[VariableRef], o: Options) -> Plan:
    names = ", ".join(v.name for v in items)
    return Plan(
        action="variables.delete",
        title=f"Delete variable {names}" if len(items) == 1 else f"Delete {len(items)} variables",
        targets=tuple(_target(v) for v in items),
        impact="The variable and its value are gone from the instance; its history keeps the old values.",
        requests=previews(engine, [op.DeleteVariable(instance_id=v.instance_id, name=v.name) for v in items]),
        risk=Risk.DESTROY,
    )


async def run_delete(engine: Engine, v: VariableRef, o: Options) -> RunResult:
    await engine.instances.delete_variable(v.instance_id, v.name)
    return "deleted"


async def verify_delete(engine: Engine, v: VariableRef, o: Options, since: datetime) -> bool | None:
    try:
        await engine.instances.variable(v.instance_id, v.name)
    except NotFound:
        return True
    return False


DELETE_VARIABLE = Action[VariableRef](
    id="variables.delete",
    key="x",
    label="Delete variable",
    capability=Capability.INSTANCE_VARIABLE_DELETE,
    mutates=True,
    risk=Risk.DESTROY,
    scope=Scope.CURSOR,
    plan=plan_delete,
    run=run_delete,
    verify=verify_delete,
    description="delete the variable under the cursor from its process instance",
)


# -- Json and serialized Object values as text ----------------------------------------------------

EDITABLE = ("Json", "Object", "Xml")


def is_json_format(v: Variable) -> bool:
    return v.type == "Json" or (v.serialization_format or "").startswith("application/json")


def editable_text(v: Variable) -> str:
    """The value as the editor shows it: JSON indented (its meaning unchanged), anything else as it is."""
    text = written(v.value)
    if is_json_format(v):
        try:
            return json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
        except ValueError:
            return text
    return text


def edited_value(v: Variable, text: str) -> VariableValue:
    """What to send for the edited text; a JSON value that does not parse is refused with where it broke."""
    if is_json_format(v):
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            raise VariableSyntaxError(f"{v.name}: not valid JSON: {exc}") from None
        # compact, as the engine would serialize it itself
        text = json.dumps(parsed, ensure_ascii=False, separators=(",", ":"))
    if v.type == "Object":
        if not v.object_type_name or not v.serialization_format:
            raise VariableSyntaxError(f"{v.name}: the engine gave no type name or serialization format to send back.")
        return VariableValue(
            value=text, type="Object", object_type_name=v.object_type_name, serialization_format=v.serialization_format
        )
    return VariableValue(value=text, type=v.type)


# -- File values ----------------------------------------------------------------------------------


def write_atomically(target: Path, content: bytes) -> None:
    """Write to a temporary file beside `target`, then rename: never a half-written file at `target`."""
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def file_target(path: Path, v: Variable) -> Path:
    """A directory means the file's own name (or the variable's) inside it."""
    if path.is_dir():
        return path / Path(v.filename or v.name).name
    return path
