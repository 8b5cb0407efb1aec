"""Just enough BPMN reading for process instance modification: an element's type and name, the next one.

Regular expressions, not a parser: the fake only reads the XML it (or a test helper) wrote.
"""

from __future__ import annotations

import html
import re


def element(xml: bytes, element_id: str) -> tuple[str, str | None] | None:
    """(type, name) of the element with this id, e.g. ("userTask", "Approve")."""
    text = xml.decode("utf-8", "replace")
    found = re.search(rf"<(?:\w+:)?(\w+)\b[^>]*?\bid=\"{re.escape(element_id)}\"[^>]*>", text)
    if found is None:
        return None
    name = re.search(r"\bname=\"([^\"]*)\"", found.group(0))
    return found.group(1), html.unescape(name.group(1)) if name else None


def following(xml: bytes, element_id: str) -> str | None:
    """The target of the first sequence flow leaving this element."""
    text = xml.decode("utf-8", "replace")
    for flow in re.finditer(r"<(?:\w+:)?sequenceFlow\b[^>]*>", text):
        source = re.search(r"\bsourceRef=\"([^\"]*)\"", flow.group(0))
        target = re.search(r"\btargetRef=\"([^\"]*)\"", flow.group(0))
        if source and target and source.group(1) == element_id:
            return target.group(1)
    return None


def activity_ids(xml: bytes) -> set[str]:
    """The ids of the flow nodes (tasks, events, gateways, subprocesses): what a migration maps."""
    text = xml.decode("utf-8", "replace")
    kinds = r"(?:\w*[Tt]ask|\w*[Ee]vent|\w*[Gg]ateway|subProcess|callActivity|transaction)"
    return set(re.findall(rf"<(?:\w+:)?{kinds}\b[^>]*?\bid=\"([^\"]+)\"", text))
