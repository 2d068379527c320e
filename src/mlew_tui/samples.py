"""The bundled sample sessions (shipped inside the wheel as ``mlew_tui/samples``)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .store import StoreError, load


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
        found.append(Sample(path.stem, path, session.language, session.title, session.product.description.strip().splitlines()[0] if session.product.description.strip() else session.product.name))
    return found


def sample_for_language(language: str) -> Sample | None:
    return next((s for s in list_samples() if s.language == language), None)
