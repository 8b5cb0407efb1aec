"""A footer of keys that is built again only when the keys it shows change.

Textual's Footer recomposes (removes and mounts a widget per key) after every bindings update:
a screen resuming, focus moving, a refresh of bindings. Several arrive together at start-up
(the first view resumes, its table takes focus, ...), each one a full rebuild of ~14 keys
(~12 ms of CPU before the first paint). Here a rebuild that would show the same keys is skipped.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer


class KeysFooter(Footer):
    _shown: Hashable = None

    def _keys(self) -> Hashable:
        """What the footer's compose reads: the shown bindings, enabled or not, and its options."""
        bindings = tuple(
            (binding.key, binding.key_display, binding.description, binding.action, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return (bindings, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE)

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await super().recompose()
