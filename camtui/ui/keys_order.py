"""The order of a screen's keys in its footer (and its `?` table).

Textual's footer shows a screen's bindings in the order they are held and cuts what does not fit at
the right edge. A list screen holds the keys every list has (filter, refresh, mark, sort, back)
first, so on 80 columns its footer showed only those and none of what the screen is for. The keys a
screen is about (its kind's actions and views) go first, the common ones last.
"""

from __future__ import annotations

from collections.abc import Collection

from textual.binding import Binding, BindingsMap


def own_keys_first(bindings: BindingsMap, own: Collection[str], common: Collection[str]) -> None:
    """Reorder `bindings` in place: ids in `own` first, ids in `common` last, the rest between,
    each group in the order it had (so a remapped key or a later binding keeps its place)."""

    def rank(item: tuple[str, list[Binding]]) -> int:
        ids = {b.id for b in item[1]}
        return 0 if ids & set(own) else 2 if ids & set(common) else 1

    bindings.key_to_bindings = dict(sorted(bindings.key_to_bindings.items(), key=rank))
