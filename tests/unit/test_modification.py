"""Modification instructions as an operator types them in the console's plan dialog."""

from __future__ import annotations

import pytest

from camtui.api.errors import BadRequest
from camtui.api.models import Modification, ModificationKind
from camtui.kinds.modification import describe, parse_instructions


def test_instructions_keep_their_order_and_kinds() -> None:
    parsed = parse_instructions(" start-before:review, cancel:approve ,start-after:a1,cancel-instance:ai:7 ")
    assert parsed == (
        Modification(kind=ModificationKind.START_BEFORE, activity_id="review"),
        Modification(kind=ModificationKind.CANCEL, activity_id="approve"),
        Modification(kind=ModificationKind.START_AFTER, activity_id="a1"),
        Modification(kind=ModificationKind.CANCEL, activity_instance_id="ai:7"),
    )
    assert [describe(m) for m in parsed] == [
        "start before review",
        "cancel every instance of approve",
        "start after a1",
        "cancel activity instance ai:7",
    ]


@pytest.mark.parametrize("text", ["", " , ", "review", "jump:review", "cancel:", "start-before: "])
def test_what_is_no_instruction_is_refused_in_words(text: str) -> None:
    with pytest.raises(BadRequest) as info:
        parse_instructions(text)
    assert "instruction" in str(info.value)
