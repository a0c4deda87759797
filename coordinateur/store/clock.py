"""Hybrid logical clock (HLC): wall time in ms, a counter, and the device id as tie-breaker.

Timestamps are encoded as fixed-width strings so that string order equals timestamp order; they are
what `created_at`, `updated_at` and per-field clocks hold, and what the shared folder merges on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

WALL_DIGITS = 15
COUNTER_DIGITS = 6
MAX_COUNTER = 10**COUNTER_DIGITS - 1


def system_ms() -> int:
    return time.time_ns() // 1_000_000


def jour_local(clock: str) -> str:
    """The local ISO day of an encoded stamp (`<ms since epoch>-<counter>-<device>`): when a record was
    created or last changed. "" when the stamp cannot be read."""
    from datetime import datetime

    head = (clock or "").split("-", 1)[0]
    return datetime.fromtimestamp(int(head) / 1000).date().isoformat() if head.isdigit() else ""


@dataclass(frozen=True, order=True)
class Timestamp:
    wall: int
    counter: int
    device: str

    def encode(self) -> str:
        return f"{self.wall:0{WALL_DIGITS}d}-{self.counter:0{COUNTER_DIGITS}d}-{self.device}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        wall, counter, device = text.split("-", 2)
        if len(wall) != WALL_DIGITS or len(counter) != COUNTER_DIGITS:
            raise ValueError(f"horodatage mal formé : {text!r}")
        return cls(int(wall), int(counter), device)

    def __str__(self) -> str:
        return self.encode()


class HybridClock:
    """A monotonic clock for one device. `tick` stamps a local event, `receive` merges a remote one.

    The state (wall, counter) is what must be persisted to survive restarts (`state()`); reload it with
    the constructor's `wall` and `counter`. Thread-safe: the window's workers (sync, imports, backups)
    stamp through one clock, and a read-modify-write of the counter by two threads would hand out the
    same stamp twice.
    """

    def __init__(
        self,
        device: str,
        *,
        wall: int = 0,
        counter: int = 0,
        now_ms: Callable[[], int] = system_ms,
    ) -> None:
        if not device:
            raise ValueError("un identifiant d'appareil est requis")
        self.device = device
        self.wall = wall
        self.counter = counter
        self._now_ms = now_ms
        self._lock = threading.Lock()

    @property
    def last(self) -> Timestamp:
        with self._lock:
            return Timestamp(self.wall, self.counter, self.device)

    def state(self) -> tuple[int, int]:
        """(wall, counter), read together."""
        with self._lock:
            return self.wall, self.counter

    def recale(self, wall: int) -> None:
        """Set the clock back to `wall`: only for a clock saved ahead of the system's after a wrong date was
        fixed (see coordinateur.partage.horloge, which re-stamps what was written under the wrong date)."""
        with self._lock:
            self.wall, self.counter = wall, 0

    def _set(self, wall: int, counter: int) -> Timestamp:
        if counter > MAX_COUNTER:
            wall, counter = wall + 1, 0
        self.wall, self.counter = wall, counter
        return Timestamp(wall, counter, self.device)

    def tick(self) -> Timestamp:
        with self._lock:
            now = self._now_ms()
            if now > self.wall:
                return self._set(now, 0)
            return self._set(self.wall, self.counter + 1)

    def receive(self, remote: Timestamp) -> Timestamp:
        with self._lock:
            return self._receive(remote)

    def _receive(self, remote: Timestamp) -> Timestamp:
        now = self._now_ms()
        wall = max(self.wall, remote.wall, now)
        if wall == self.wall and wall == remote.wall:
            counter = max(self.counter, remote.counter) + 1
        elif wall == self.wall:
            counter = self.counter + 1
        elif wall == remote.wall:
            counter = remote.counter + 1
        else:
            counter = 0
        return self._set(wall, counter)
