"""The full garbage collection runs between keystrokes, never inside one.

A thread of 100,000 comments is some 150,000 long-lived objects, and with the default
thresholds a full (oldest-generation) collection starts every few hundred frames: tens of
milliseconds inside a keystroke. So: automatic collection is off while a thread loads (the
model holds no reference cycles); the loaded thread is then frozen out of every later
collection; young collections (cheap, they scan only new objects) run as usual; and full
collections run once input has been quiet for a moment (or, for a user who never pauses, at
most once a second when enough has piled up). Run from the command line, the app also starts
with collection off (ReaderApp.run): what it builds before its first frame (modules, styles,
screens) lives as long as it does, and is frozen with the first thread (or the start screen).
"""

from __future__ import annotations

import gc
from time import monotonic

QUIET = 0.5  # seconds without input before a full collection may run
BACKLOG = 20  # young-generation sweeps after which a full one runs even mid-typing
NEVER = 1 << 30  # a gen-2 threshold no count reaches


class IdleCollector:
    """Moves the interpreter's full collections to the pauses between the user's keys."""

    def __init__(self) -> None:
        self.last_input = monotonic()
        self._saved: tuple[bool, tuple[int, ...]] | None = None

    def pause(self) -> None:
        """Automatic collection off (loading builds many objects, none of them garbage)."""
        if self._saved is None:
            self._saved = (gc.isenabled(), gc.get_threshold())
            gc.disable()

    def settle(self) -> None:
        """The thread is loaded: freeze it, young collections back on, full ones only idle."""
        gc.freeze()
        if self._saved is not None:
            young, middle = self._saved[1][:2]
            gc.set_threshold(young, middle, NEVER)
            if self._saved[0]:
                gc.enable()

    def touch(self) -> None:
        """Input arrived: no full collection for the next QUIET seconds."""
        self.last_input = monotonic()

    def tick(self) -> None:
        """A full collection if the user has paused and young collections have run since.

        Called once a second: a user who never pauses gets one between two keys (so at most
        one key a second waits for it) once enough has been promoted to keep memory flat.
        """
        sweeps = gc.get_count()[2]
        if (sweeps > 0 and monotonic() - self.last_input >= QUIET) or sweeps >= BACKLOG:
            gc.collect()

    def stop(self) -> None:
        """Back to the interpreter's settings (the app is closing)."""
        gc.unfreeze()
        if self._saved is not None:
            enabled, threshold = self._saved
            gc.set_threshold(*threshold)
            if enabled:
                gc.enable()
            else:
                gc.disable()
            self._saved = None
