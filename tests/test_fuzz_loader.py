"""The loader fuzzed: any bytes give a clean StoreError or a valid session,
never a traceback - random bytes, a real session with bytes flipped, cut or
inserted, and a real session with tables replaced by arbitrary TOML values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlew_tui import store
from mlew_tui._toml import loads
from mlew_tui.samples import samples_folder
from mlew_tui.store import StoreError

BASE = (samples_folder() / "en_ec_recommendations.toml").read_bytes()
FAST = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


def opens_cleanly(raw: bytes) -> None:
    """Either a session or a StoreError with problems; anything else fails the test."""
    path = Path("fuzz.toml")
    try:
        session = store.load_data(path, store.parse_bytes(path, raw))
    except StoreError as error:
        assert error.problems
    else:
        assert session.format == "mlew-session"


@FAST
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    opens_cleanly(raw)


@FAST
@given(st.data())
def test_a_real_session_damaged(data: st.DataObject) -> None:
    raw = bytearray(BASE)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["cut", "flip", "insert"]))
        if action == "cut":
            del raw[at : at + data.draw(st.integers(1, 200))]
        elif action == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        else:
            raw[at:at] = data.draw(st.binary(max_size=20))
    opens_cleanly(bytes(raw))


def _no_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _no_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_no_none(v) for v in value if v is not None]
    return value


TOML_VALUES = st.recursive(
    st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6) | st.dates() | st.datetimes(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=10,
)
TABLES = st.sampled_from(
    [
        "participants",
        "reviews",
        "groups",
        "posts",
        "items",
        "cases",
        "scores",
        "votes",
        "invent",
        "refine",
        "milestones",
        "next_step",
        "day2",
        "todos",
        "meetings",
        "progress",
        "timer",
        "customer",
        "scoring",
        "prerequisites",
        "product",
        "workshop_date",
    ]
)


@FAST
@given(st.dictionaries(TABLES, TOML_VALUES, max_size=4))
def test_a_real_session_with_tables_replaced(replaced: dict[str, Any]) -> None:
    data = loads(BASE.decode("utf-8"))
    data.update(replaced)
    opens_cleanly(tomli_w.dumps(_no_none(data)).encode("utf-8"))
