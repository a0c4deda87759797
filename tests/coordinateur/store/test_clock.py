"""Hybrid logical clock properties (Hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coordinateur.store.clock import MAX_COUNTER, HybridClock, Timestamp

walls = st.integers(min_value=0, max_value=10**14)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("tick"), walls),
        st.tuples(st.just("receive"), walls, st.integers(0, MAX_COUNTER), walls),
    ),
    min_size=1,
    max_size=60,
)


class FakeTime:
    def __init__(self) -> None:
        self.now = 0

    def __call__(self) -> int:
        return self.now


def play(clock: HybridClock, time: FakeTime, step: tuple) -> Timestamp:
    if step[0] == "tick":
        time.now = step[1]
        return clock.tick()
    _kind, remote_wall, remote_counter, now = step
    time.now = now
    remote = Timestamp(remote_wall, remote_counter, "autre-appareil")
    stamped = clock.receive(remote)
    assert stamped > remote or (stamped.wall, stamped.counter) > (remote.wall, remote.counter)
    return stamped


@given(steps)
def test_strictly_monotonic_whatever_the_wall_clock_does(sequence: list[tuple]) -> None:
    time = FakeTime()
    clock = HybridClock("appareil-a", now_ms=time)
    previous: Timestamp | None = None
    for step in sequence:
        stamp = play(clock, time, step)
        if previous is not None:
            assert stamp > previous
            assert stamp.encode() > previous.encode()
        previous = stamp


@given(steps, steps)
def test_restart_from_persisted_state_stays_monotonic(before: list[tuple], after: list[tuple]) -> None:
    time = FakeTime()
    clock = HybridClock("appareil-a", now_ms=time)
    last = None
    for step in before:
        last = play(clock, time, step)
    restarted = HybridClock("appareil-a", wall=clock.wall, counter=clock.counter, now_ms=time)
    for step in after:
        stamp = play(restarted, time, step)
        assert last is None or stamp > last
        last = stamp


@given(walls, walls)
def test_never_behind_the_wall_clock(start: int, now: int) -> None:
    time = FakeTime()
    time.now = now
    clock = HybridClock("x", wall=start, now_ms=time)
    assert clock.tick().wall >= now


@given(
    st.tuples(walls, st.integers(0, MAX_COUNTER), st.uuids().map(str)),
    st.tuples(walls, st.integers(0, MAX_COUNTER), st.uuids().map(str)),
)
def test_string_order_is_timestamp_order(a: tuple, b: tuple) -> None:
    ta, tb = Timestamp(*a), Timestamp(*b)
    assert (ta < tb) == (ta.encode() < tb.encode())
    assert Timestamp.decode(ta.encode()) == ta


def test_counter_overflow_moves_the_wall() -> None:
    clock = HybridClock("x", wall=5, counter=MAX_COUNTER, now_ms=lambda: 0)
    stamp = clock.tick()
    assert (stamp.wall, stamp.counter) == (6, 0)


def test_threads_hammering_tick_and_receive_get_unique_increasing_stamps() -> None:
    """The window's workers (sync, import, backup) stamp through the same clock: two threads must never
    get the same stamp, nor one a stamp behind its previous one."""
    import itertools
    import sys
    import threading

    clock = HybridClock("appareil-a", wall=1_000, now_ms=lambda: 1_000)  # a frozen wall: the counter decides
    remote = Timestamp(1_000, 500, "appareil-b")
    stamps: list[list[Timestamp]] = [[] for _ in range(6)]
    start = threading.Barrier(len(stamps))

    def hammer(mine: list[Timestamp], receiving: bool) -> None:
        start.wait()
        for i in range(20_000):
            mine.append(clock.receive(remote) if receiving and i % 3 == 0 else clock.tick())

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: a race shows in a few runs
    try:
        threads = [threading.Thread(target=hammer, args=(mine, n % 2 == 0)) for n, mine in enumerate(stamps)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    for mine in stamps:
        assert all(a < b for a, b in itertools.pairwise(mine))
    everything = [stamp for mine in stamps for stamp in mine]
    assert len(set(everything)) == len(everything) == 6 * 20_000
    assert clock.last == max(everything) and clock.state() == (clock.last.wall, clock.last.counter)
