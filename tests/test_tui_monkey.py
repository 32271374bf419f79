"""The monkey: a few thousand seeded random keys per run, across screens, with bursts,
typing into inputs and resizes from 20x8 to 250x70. The reader must stay up and no
exception may escape (``run_test`` raises any that did). ``make monkey`` runs longer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from monkey import drive
from tui_helpers import FIXTURES, MINI

PRESSES = int(os.environ.get("MONKEY_PRESSES", "1200"))
SEEDS = [int(s) for s in os.environ.get("MONKEY_SEEDS", "1,2").split(",")]


@pytest.fixture(autouse=True)
def _harmless_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "true")  # E opens the editor: one that does nothing
    monkeypatch.setenv("EDITOR", "true")


@pytest.mark.parametrize("seed", SEEDS)
async def test_random_keys_never_stop_the_reader(seed: int, tmp_path: Path) -> None:
    run = await drive(seed, PRESSES, MINI, tmp_path)
    assert run.presses == PRESSES
    assert run.resizes and run.bursts and run.typed  # every kind of abuse happened
    assert len(run.screens) >= 4, run.screens  # and it got around


async def test_random_keys_on_a_hostile_briefing(tmp_path: Path) -> None:
    run = await drive(SEEDS[0] + 100, PRESSES // 3, FIXTURES / "hostile.yaml", tmp_path)
    assert run.presses == PRESSES // 3
