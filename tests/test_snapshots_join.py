"""SVG snapshots of the join panel (issue #20): the link's QR code, the link
and who has joined, beside the board on a projector and in the side column's
place at 80x24, in both languages. The token and the port are fixed so that
every run draws the same code."""

from __future__ import annotations

import pytest

from mlew_tui import join_service
from mlew_tui.app_join import JoinOptions

from .conftest import FakeClock, make_app
from .join_phone import invited

SIZES = [(80, 24), (160, 45)]
TOKEN = "Snapshot-Token-0123456"  # 22 characters, as a real one


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("sample", ["en_sample", "ja_sample"])
def test_the_join_panel(snap_compare, request, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, sample: str, size: tuple[int, int]) -> None:  # noqa: ANN001
    monkeypatch.setattr(join_service.secrets, "token_urlsafe", lambda n: TOKEN)
    port = 47600 + SIZES.index(size) * 2 + (sample == "ja_sample")
    app = make_app(request.getfixturevalue(sample), clock)
    app._join_at_start, app._join_options = True, JoinOptions(host="127.0.0.1", port=port)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await invited(app)
        app.workshop.goto("listen.reviews")
        app.show_step()
        room = app.join_room
        assert room is not None
        people = [p.id for p in app.workshop.session.participants][:2]
        for n, person in enumerate(people):
            room.service.join(f"device-{n:02d}-abcdefghijkl", person)
        app._poll_join()
        await pilot.pause()
        app.save_now_blocking()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
