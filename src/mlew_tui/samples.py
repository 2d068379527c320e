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
            )
        )
    return found


def sample_for_language(language: str) -> Sample | None:
    return next((s for s in list_samples() if s.language == language), None)


def demo_copy(sample: Sample, folder: Path) -> Path:
    """A fresh copy of ``sample`` in ``folder`` under a new name, rewound to the
    start of Day 1 so the demo walks through the whole workshop."""
    n = 1
    while True:
        target = folder / (f"mlew-demo-{sample.language}.toml" if n == 1 else f"mlew-demo-{sample.language}-{n}.toml")
        if not target.exists():
            break
        n += 1
    session = load(sample.path)
    session.progress = Progress(turn=session.participants[0].id if session.participants else "")
    session.timer = TimerRecord()
    save(session, target, keep_backup=False)
    return target
