"""The bundled samples come in pairs: Day 1 (what ``mlew demo`` starts from)
holds no Day 2 data; Day 2 is the same workshop a week later, with Day 1
frozen in it exactly as the Day 1 sample is (issue #17, "Samples")."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.domain.changes import compare_days, freeze_day1
from mlew_tui.samples import demo_copy, list_samples, sample_for_language

PAIRS = {"ja": ("ja_eikaiwa", "ja_eikaiwa_day2"), "en": ("en_ec_recommendations", "en_ec_recommendations_day2")}
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))


@pytest.mark.parametrize("lang", sorted(PAIRS))
def test_the_day1_sample_holds_no_day2_data(lang: str, samples_dir: Path) -> None:
    s = store.load(samples_dir / f"{PAIRS[lang][0]}.toml")
    assert s.progress.day == 1 and not s.progress.step.startswith("day2.")
    assert s.day1 is None and s.todos == [] and s.meetings == [] and s.day2.allotted_min == {}
    assert "m0" not in [m.id for m in s.milestones]
    assert not [k for k in s.progress.actual if k.startswith("day2.")]
    assert s.progress.day2_started_at is None
    assert not [r for r in s.reviews if "改善編" in r.source or "Day 2" in r.source]


@pytest.mark.parametrize("lang", sorted(PAIRS))
def test_the_day2_sample_freezes_exactly_the_day1_sample(lang: str, samples_dir: Path) -> None:
    day1 = store.load(samples_dir / f"{PAIRS[lang][0]}.toml")
    day2 = store.load(samples_dir / f"{PAIRS[lang][1]}.toml")
    assert day2.progress.day == 2 and day2.day1 is not None
    assert day2.day1 == freeze_day1(day1, day2.progress.day2_started_at)
    # each day keeps its own clock
    assert day2.progress.started_at == day1.progress.started_at
    assert day2.progress.day2_started_at is not None and day2.progress.day2_started_at.date() == day2.day2_date


@pytest.mark.parametrize("lang", sorted(PAIRS))
def test_the_day2_sample_shows_a_realistic_day2(lang: str, samples_dir: Path) -> None:
    day2 = store.load(samples_dir / f"{PAIRS[lang][1]}.toml")
    changes = compare_days(day2)
    assert changes is not None
    assert changes.scores_changed and any(c.old_sum != c.sum for c in changes.cases)  # a re-scored case
    assert changes.picks  # someone's #1 changed
    assert changes.milestones_changed and "m0" in [m.id for m in changes.milestones_added]
    assert {m.kind for m in day2.meetings} == {"progress", "executive_report"}
    assert len(day2.todos) >= 4 and all(t.owner and t.due for t in day2.todos)


@pytest.mark.parametrize("lang", sorted(PAIRS))
def test_the_frozen_block_is_what_the_tool_writes(lang: str, samples_dir: Path) -> None:
    from freeze_day1 import MARK, day1_block

    text = (samples_dir / f"{PAIRS[lang][1]}.toml").read_text(encoding="utf-8")
    assert text[text.index(MARK) :] == day1_block(samples_dir / f"{PAIRS[lang][0]}.toml", samples_dir / f"{PAIRS[lang][1]}.toml")


def test_samples_are_listed_with_their_day_and_the_demo_starts_on_day1(tmp_path: Path) -> None:
    days = {s.name: s.day for s in list_samples()}
    assert days == {"en_ec_recommendations": 1, "en_ec_recommendations_day2": 2, "ja_eikaiwa": 1, "ja_eikaiwa_day2": 2}
    for lang, (one, two) in PAIRS.items():
        first, second = sample_for_language(lang), sample_for_language(lang, 2)
        assert first is not None and first.name == one
        assert second is not None and second.name == two
        copy = store.load(demo_copy(second, tmp_path))
        assert copy.progress.day == 2 and copy.day1 is not None  # Day 2 is copied as it is
        rewound = store.load(demo_copy(first, tmp_path))
        assert rewound.progress.day == 1 and rewound.progress.step == "intro"
