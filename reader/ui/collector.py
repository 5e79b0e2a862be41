"""The cyclic garbage collector runs between keystrokes, never inside one.

A thread of 100,000 comments is some 150,000 long-lived objects, and the default thresholds
start a full collection every few hundred frames: tens of milliseconds inside a keystroke.
While a thread loads and while it is shown, automatic collection is off (the model holds no
reference cycles; refcounting frees almost everything else); the loaded thread is frozen out of
every later collection, and the app collects once input has been quiet for a moment.
"""

from __future__ import annotations

import gc
from time import monotonic

QUIET = 0.5  # seconds without input before a collection may run
BACKLOG = 500_000  # young objects after which a collection runs even mid-burst


class IdleCollector:
    """Switches automatic GC off for the app's life and collects when the user pauses."""

    def __init__(self) -> None:
        self.last_input = monotonic()
        self._was_enabled: bool | None = None

    def pause(self) -> None:
        """Automatic collection off (loading builds many objects, none of them garbage)."""
        if self._was_enabled is None:
            self._was_enabled = gc.isenabled()
            gc.disable()

    def freeze(self) -> None:
        """Everything alive now (the loaded thread) is left out of later collections."""
        gc.freeze()

    def touch(self) -> None:
        """Input arrived: no collection for the next QUIET seconds."""
        self.last_input = monotonic()

    def tick(self) -> None:
        """Collect if the user has paused and something was allocated since the last time."""
        young = gc.get_count()[0]
        quiet = monotonic() - self.last_input >= QUIET
        if (quiet and young > 1000) or young > BACKLOG:
            gc.collect()

    def stop(self) -> None:
        """Back to the interpreter's defaults (the app is closing)."""
        if self._was_enabled is not None:
            gc.unfreeze()
            if self._was_enabled:
                gc.enable()
            self._was_enabled = None
