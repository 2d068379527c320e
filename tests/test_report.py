"""`mlew report`: the JSON shape, the human report in ja and en, broken files, the samples."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from mlew_tui.cli import app
from mlew_tui.domain.session import Session, new_session
from mlew_tui.i18n import Language
from mlew_tui.report import render, report_data
from mlew_tui.store import load, save

runner = CliRunner()

TOP_KEYS = {
    "report_version", "title", "language", "reviews", "reference_counts", "group_counts", "customer_references",
    "items", "max_total", "totals", "sums", "picks", "pick_sources", "tied", "votes", "ranking", "winner",
    "decided_by", "tied_cases", "recorded_winner", "recorded_decided_by", "stability", "diagnostics", "changes",
}  # fmt: skip
ITEM_KEYS = {"id", "kind", "title", "owner", "points", "references", "suggested_points", "partial_credit"}
DIAGNOSIS_KEYS = {"process", "status", "reasons", "reason_keys", "remedy"}


def workshop(language: Language = "en", **extra: Any) -> Session:
    fields: dict[str, Any] = {
        "participants": [{"id": "sato", "name": "Sato [bold]Misaki[/bold]"}, {"id": "kim", "name": "Kim"}],
        "reviews": [
            {"id": "r1", "author": "sato", "text": "can't hear [red]the teacher[/red]", "polarity": "negative"},
            {"id": "r2", "author": "kim", "text": "corrections help", "polarity": "positive", "basis": "assumption", "group": "g1"},
        ],
        "groups": [{"id": "g1", "label": "corrections"}],
        "posts": [{"id": "s1", "author": "sato", "stance": "quit", "refs": ["r1", "customer"]}],
        "items": [
            {"id": "i1", "kind": "issue", "title": "hear the teacher", "owner": "sato", "points": 5, "reviews": ["r1"]},
            {"id": "i2", "kind": "strength", "title": "corrections", "owner": "kim", "points": 3, "reviews": ["r2"]},
        ],
        "cases": [{"id": "c1", "name": "Noise [i]filter[/i]"}, {"id": "c2", "name": "Notes"}],
        "scores": {"sato": {"c1": {"i1": 5, "i2": 2}, "c2": {"i1": 3}}, "kim": {"c1": {"i1": 3}, "c2": {"i1": 3}}},
    }
    fields.update(extra)
    return new_session("Workshop [x]", language, **fields)


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["report", *args])


def test_json_shape(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    save(workshop(), path)
    result = invoke(str(path), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == TOP_KEYS
    assert data["reference_counts"] == {"r1": 1, "r2": 0}
    assert data["group_counts"] == {"g1": 0}
    assert data["customer_references"] == 1
    assert all(set(item) == ITEM_KEYS for item in data["items"])
    assert data["items"][0] == {
        "id": "i1", "kind": "issue", "title": "hear the teacher", "owner": "sato",
        "points": 5, "references": 1, "suggested_points": 5, "partial_credit": 3,
    }  # fmt: skip
    assert data["totals"] == {"sato": {"c1": 7, "c2": 3}, "kim": {"c1": 3, "c2": 3}}
    assert data["sums"] == {"c1": 10, "c2": 6}
    assert data["picks"] == {"sato": "c1", "kim": None}
    assert data["pick_sources"] == {"sato": "scores", "kim": "tied"}
    assert data["tied"] == {"kim": ["c1", "c2"]}
    assert data["votes"] == {"c1": 1, "c2": 0}
    assert data["ranking"] == ["c1", "c2"]
    assert (data["winner"], data["decided_by"], data["tied_cases"]) == ("c1", "votes", [])
    assert (data["recorded_winner"], data["recorded_decided_by"]) == (None, None)
    assert data["max_total"] == 8
    assert data["stability"] == {"picks_made": 1, "winner_picks": 1, "winner_share": 1, "sum_margin": 0.4, "spreads": {"c1": 4, "c2": 0}}
    assert [d["process"] for d in data["diagnostics"]] == ["listen", "define", "invent", "refine", "test_iterate"]
    for diagnosis in data["diagnostics"]:
        assert set(diagnosis) == DIAGNOSIS_KEYS
        assert diagnosis["status"] in ("ok", "check")
        assert len(diagnosis["reasons"]) == len(diagnosis["reason_keys"])
        assert all(isinstance(r, str) for r in diagnosis["reasons"])
        assert (diagnosis["remedy"] is None) == (diagnosis["status"] == "ok")
    listen = data["diagnostics"][0]
    assert listen["reason_keys"][0] == {"key": "diag.listen.few_reviews", "params": {"n": 2, "min": 9}}
    assert listen["reasons"][0] == "only 2 reviews (at least 9 are needed)"


def test_json_is_in_the_sessions_language_and_keeps_unicode(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    save(workshop("ja"), path)
    result = invoke(str(path), "--json")
    data = json.loads(result.stdout)
    assert data["language"] == "ja"
    assert data["diagnostics"][0]["reasons"][0] == "レビュー（ポストイット）が 2 枚で 9 枚未満"
    assert "レビュー（ポストイット）" in result.stdout  # ensure_ascii=False


def test_report_data_matches_the_cli() -> None:
    session = workshop()
    assert json.loads(json.dumps(report_data(session))) == report_data(session)


def _human(session: Any, width: int = 120) -> str:
    out = io.StringIO()
    render(session, Console(file=out, width=width, color_system=None, highlight=False))
    return out.getvalue()


def test_human_report_in_english_shows_user_text_literally() -> None:
    text = _human(workshop())
    for expected in (
        "Workshop [x]", "Reviews", "Most referenced reviews", "Issues and strengths", "Team totals per case",
        "Each person's totals and #1", "Next Step: processes to improve", "Sato [bold]Misaki[/bold]",
        "can't hear [red]the teacher[/red]", "Noise [i]filter[/i]", "tie: c1, c2",
        "Winner: Noise [i]filter[/i] (c1) - by votes (most #1 picks)", "Posts referencing the customer card: 1",
        "Remedy: Hear customers' feedback from sales, customer support and data analysts too.",
    ):  # fmt: skip
        assert expected in text, expected


def test_human_report_in_japanese() -> None:
    text = _human(workshop("ja"))
    for expected in ("レビュー", "課題と強み", "事例ごとのチームの合計", "採用: Noise [i]filter[/i]（c1）", "要確認", "営業や顧客サポート"):
        assert expected in text, expected


def test_human_report_says_undecided_and_the_recorded_decision() -> None:
    scores = {"sato": {"c1": {"i1": 5}, "c2": {"i1": 3}}, "kim": {"c1": {"i1": 3}, "c2": {"i1": 5}}}
    undecided = _human(workshop(scores=scores))
    assert "Winner: none - undecided" in undecided
    recorded = _human(workshop(scores=scores, invent={"winner": "c2", "decided_by": "die"}))
    assert "Winner: Notes (c2) - by a die roll" in recorded
    overruled = _human(workshop(invent={"winner": "c2", "decided_by": "facilitator"}))
    assert "[invent] records c2" in overruled


def test_cli_human_report(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    save(workshop(), path)
    result = invoke(str(path))
    assert result.exit_code == 0, result.stderr
    assert "Team totals per case" in result.stdout
    assert "Sato [bold]Misaki[/bold]" in result.stdout


def test_a_session_without_cases_or_scores(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    save(new_session("empty", "en"), path)
    data = json.loads(invoke(str(path), "--json").stdout)
    assert (data["winner"], data["decided_by"], data["ranking"], data["votes"]) == (None, "undecided", [], {})
    assert {d["status"] for d in data["diagnostics"]} == {"check"}
    assert "No cases yet." in invoke(str(path)).stdout


@pytest.mark.parametrize("as_json", [False, True])
def test_a_broken_file_is_refused_like_check(tmp_path: Path, as_json: bool) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'format = "mlew-session"\nschema_version = 1\ntitle = "x"\nlanguage = "en"\n[[reviews]]\nid = "r1"\nauthor = "ghost"\ntext = "t"\npolarity = "meh"\n',
        encoding="utf-8",
    )
    result = invoke(str(path), *(["--json"] if as_json else []))
    check = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1 and check.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == check.stderr
    assert "reviews[0].author: no participant has the id 'ghost'" in result.stderr


def test_a_missing_file_and_bad_toml(tmp_path: Path) -> None:
    missing = invoke(str(tmp_path / "nope.toml"), "--json")
    assert missing.exit_code == 1 and "no such file" in missing.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("title = \n", encoding="utf-8")
    result = invoke(str(bad))
    assert result.exit_code == 1 and "line 1" in result.stderr


@pytest.mark.parametrize("fixture", ["ja_sample", "en_sample"])
def test_samples_report_the_winner_they_record(fixture: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(fixture)
    session = load(path)
    result = invoke(str(path), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["winner"] == session.invent.winner
    assert data["decided_by"] == session.invent.decided_by
    assert data["ranking"][0] == data["winner"]
    assert data["recorded_winner"] == data["winner"]
    assert invoke(str(path)).exit_code == 0
