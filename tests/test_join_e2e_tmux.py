"""``mlew run FILE --join`` in a real terminal (tmux on its own socket): the
projector shows the join panel with the link; phones (plain HTTP here, on
loopback) join and add reviews; the board shows them; after kill -9 the file
holds every one of them."""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from mlew_tui import store

from .test_e2e_tmux import Terminal, pytestmark, terminals, wait_for_file

__all__ = ["pytestmark", "terminals"]

LINK = re.compile(r"http://127\.0\.0\.1:\d+/j/[A-Za-z0-9_-]{22,}/")


def link_of(screen: str) -> str:
    """The join link as the panel shows it: folded over lines at the panel's
    width, each piece starting in the same column and ending at the border."""
    lines = screen.splitlines()
    for n, line in enumerate(lines):
        column = line.find("http://")
        if column < 0:
            continue
        link = ""
        for piece in lines[n : n + 4]:
            part = piece[column:].split("│")[0].strip()
            link += part
            if not part or link.endswith("/"):
                break
        return link
    return ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def new_id() -> str:
    return base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()


def test_phones_add_reviews_to_a_real_terminal_and_kill_9_keeps_them(tmp_path: Path, fresh: Path, terminals: list[Terminal]) -> None:
    session = store.load(fresh)
    session.progress.step = "listen.reviews"
    store.save(session, fresh)
    before = len(session.reviews)
    port = free_port()
    terminal = Terminal([sys.executable, "-m", "mlew_tui", "run", str(fresh), "--join", "--host", "127.0.0.1", "--port", str(port)], tmp_path, size=(160, 45))
    terminals.append(terminal)
    screen = terminal.wait_for(lambda s: "Join from your phone" in s and LINK.search(link_of(s)) is not None)
    match = LINK.search(link_of(screen))
    assert match is not None and f":{port}/j/" in match.group(0)
    url = match.group(0)
    assert "█" in screen or "▀" in screen  # the QR code

    with urllib.request.urlopen(url, timeout=10) as page:  # the participant page, with its policy
        assert page.status == 200
        assert page.headers["Content-Security-Policy"] == "default-src 'self'"

    texts = []
    for person in ("james", "maria"):
        device = new_id()
        status, _ = post(url + "api/join", {"device": device, "person": person})
        assert status == 200
        for n in range(2):
            text = f"From {person}'s phone {n}"
            status, answer = post(
                url + "api/submit", {"device": device, "id": new_id(), "action": "add_review", "args": {"text": text, "polarity": "negative", "basis": "fact"}}
            )
            assert (status, answer["ok"]) == (200, True), answer
            texts.append(text)
    # The projector counts them at once (the cards themselves are further down the board).
    terminal.wait_for(lambda s: f"Reviews: {before + len(texts)} " in s)
    wait_for_file(fresh, lambda d: {t for t in texts} <= {r["text"] for r in d.get("reviews", [])})

    os.kill(terminal.pid(), signal.SIGKILL)
    kept = store.load(fresh)
    assert sorted(r.text for r in kept.reviews if r.text.startswith("From ")) == sorted(texts)
    assert {r.author for r in kept.reviews if r.text.startswith("From ")} == {"james", "maria"}
