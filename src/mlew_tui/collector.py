"""Python's garbage collector and its thread switching while the room works.

The app makes tens of thousands of long-lived objects as it starts, and every
frame of a large board makes thousands of short-lived ones (strips and
segments). With Python's defaults a frame stopped twenty times for the young
generation, and a full collection - tens of milliseconds once the board holds
thousands of cards - could land on any key. So:

- the collector rests while the first screen is built (``mlew run`` pauses it
  from its very first line, the app from ``on_load``) and comes back
  :data:`STARTUP_PAUSE_S` later;
- then the young generation is collected every :data:`YOUNG` allocations, and
  the old one only when nobody has pressed a key for :data:`IDLE_S`, or in any
  case every :data:`FULL_EVERY_S` so that memory stays bounded
  (:func:`full_collection_due`);
- the autosave writes in a thread: while it holds the interpreter, a key
  waits for the switch interval at each step of its frame (5 ms by default),
  so the interval is :data:`SWITCH_INTERVAL_S` (with one thread running it
  changes nothing).

:class:`Collector` does this for one app and puts everything back as it found
it when the app ends (tests run many apps in one process).
"""

from __future__ import annotations

import gc
import sys
import time

#: The collector rests this long after start-up, while the first screen is built.
STARTUP_PAUSE_S = 1.0
#: Objects made between two collections of the young generation (Python: 700).
YOUNG = 10_000
#: Collections of the middle generation before Python would collect the old one itself: never.
OLD_NEVER = 1_000_000
#: How often the app asks whether a full collection is due.
CHECK_S = 1.0
IDLE_S = 2.0
FULL_EVERY_S = 60.0
#: How long a thread holds the interpreter while another waits.
SWITCH_INTERVAL_S = 0.001


def full_collection_due(now: float, last_key_at: float, last_full_at: float) -> bool:
    """A full collection now? After :data:`IDLE_S` without a key (and not
    twice within it), or in any case :data:`FULL_EVERY_S` after the last."""
    since = now - last_full_at
    return (now - last_key_at >= IDLE_S and since >= IDLE_S) or since >= FULL_EVERY_S


class Collector:
    """The collector's settings for one app (see the module docstring)."""

    def __init__(self) -> None:
        self.paused = False
        self.full_at = 0.0
        self._found: tuple[tuple[int, ...], float] | None = None

    def pause(self) -> None:
        """At start-up: no collection while the first screen is built."""
        if self._found is None:
            self._found = (gc.get_threshold(), sys.getswitchinterval())
        gc.disable()
        self.paused = True
        sys.setswitchinterval(SWITCH_INTERVAL_S)

    def resume(self) -> None:
        """After start-up: the young generation often, the old one when asked (:meth:`collect_if_idle`)."""
        if self.paused:
            self.paused = False
            gc.set_threshold(YOUNG, 10, OLD_NEVER)
            gc.enable()
            self.full_at = time.monotonic()

    def collect_if_idle(self, last_key_at: float) -> None:
        if full_collection_due(time.monotonic(), last_key_at, self.full_at):
            gc.collect()
            self.full_at = time.monotonic()

    def restore(self) -> None:
        """As the app found it."""
        if self.paused:
            self.paused = False
            gc.enable()
        if self._found is not None:
            thresholds, interval = self._found
            gc.set_threshold(*thresholds)
            sys.setswitchinterval(interval)
            self._found = None
