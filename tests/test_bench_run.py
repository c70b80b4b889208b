"""`bench.run`'s order of builds: each pair turns the order of the one before (no site is always built second)."""

from __future__ import annotations

from pathlib import Path

from bench.run import pair_order

SITES = (("plugin", Path("p")), ("baseline", Path("b")))


def test_pairs_turn_the_order() -> None:
    firsts = [pair_order(i, SITES)[0][0] for i in range(4)]
    assert firsts == ["plugin", "baseline", "plugin", "baseline"]
    assert all({label for label, _ in pair_order(i, SITES)} == {"plugin", "baseline"} for i in range(4))
