"""The bundled sample sessions (shipped inside the wheel as ``mlew_tui/samples``)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .domain.session import Progress, TimerRecord
from .store import StoreError, load, save


@dataclass(frozen=True)
class Sample:
    name: str
    path: Path
    language: str
    title: str
    description: str
    #: 1: the end of Day 1 (what ``mlew demo`` starts from); 2: the same workshop on Day 2.
    day: int = 1


def samples_folder() -> Path:
    """Inside an installed wheel: the package's ``samples``; in a source tree:
    the repository's ``sample_workshops`` (an editable install has no copy)."""
    packaged = Path(str(resources.files("mlew_tui"))) / "samples"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "sample_workshops"


def list_samples() -> list[Sample]:
    """Every valid sample, sorted by file name."""
    found: list[Sample] = []
    for path in sorted(samples_folder().glob("*.toml")):
        try:
            session = load(path)
        except StoreError:
            continue
        found.append(
            Sample(
                path.stem,
                path,
                session.language,
                session.title,
                session.product.description.strip().splitlines()[0] if session.product.description.strip() else session.product.name,
                session.progress.day,
            )
        )
    return found


def sample_for_language(language: str, day: int = 1) -> Sample | None:
    """The sample of ``language`` at the end of ``day`` (Day 1: the demo walks
    the whole workshop from it; Day 2: the same workshop a week later)."""
    return next((s for s in list_samples() if s.language == language and s.day == day), None)


def demo_copy(sample: Sample, folder: Path) -> Path:
    """A fresh copy of ``sample`` in ``folder`` under a new name. A Day 1
    sample is rewound to the start of Day 1 so the demo walks through the
    whole workshop; a Day 2 sample is copied as it is (Day 1 frozen in it)."""
    n = 1
    while True:
        stem = f"mlew-demo-{sample.language}" + ("-day2" if sample.day == 2 else "")
        target = folder / (f"{stem}.toml" if n == 1 else f"{stem}-{n}.toml")
        if not target.exists():
            break
        n += 1
    session = load(sample.path)
    if sample.day == 1:
        session.progress = Progress(turn=session.participants[0].id if session.participants else "")
    session.timer = TimerRecord()
    save(session, target, keep_backup=False)
    return target
