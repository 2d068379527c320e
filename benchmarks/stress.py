"""A stress session: a big room that has done everything.

12 participants, 300 reviews in 60 groups, 24 posts, 30 items, 10 cases and
every cell of every person's scoring table filled - deterministic (seeded), so
every run measures the same work.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from mlew_tui.domain.session import Session, new_session
from mlew_tui.store import save

ROLES = ("pm", "developer", "data_scientist", "designer", "sales", "support")


def stress_session(
    *, participants: int = 12, reviews: int = 300, groups: int = 60, posts: int = 24, items: int = 30, cases: int = 10, seed: int = 7
) -> Session:
    rng = random.Random(seed)
    start = datetime(2026, 12, 3, 10, 0, tzinfo=timezone(timedelta(hours=9)))
    people = [{"id": f"p{n}", "name": f"Participant {n} 参加者", "role": ROLES[n % len(ROLES)]} for n in range(1, participants + 1)]
    group_list = [{"id": f"g{n}", "label": f"Group {n} グループ"} for n in range(1, groups + 1)]
    review_list = [
        {
            "id": f"r{n}",
            "author": people[n % participants]["id"],
            "text": f"Review {n}: the lesson felt {'great' if n % 2 else 'slow'} on day {n % 30} レビュー {n}",
            "polarity": "positive" if n % 2 else "negative",
            "basis": "assumption" if n % 5 == 0 else "fact",
            "moment": ("signup", "using", "after", "")[n % 4],
            "group": group_list[n % groups]["id"],
        }
        for n in range(1, reviews + 1)
    ]
    post_list = [
        {
            "id": f"s{n}",
            "author": people[n % participants]["id"],
            "stance": "continue" if n % 2 else "quit",
            "text": f"Post {n} 投稿",
            "refs": sorted({review_list[rng.randrange(reviews)]["id"] for _ in range(6)}) + (["customer"] if n % 3 == 0 else []),
        }
        for n in range(1, posts + 1)
    ]
    item_list = [
        {
            "id": f"i{n}",
            "kind": "issue" if n % 2 else "strength",
            "title": f"Item {n} 課題",
            "owner": people[n % participants]["id"],
            "points": (1, 3, 5)[n % 3],
            "reviews": [review_list[(n * 7 + k) % reviews]["id"] for k in range(4)],
        }
        for n in range(1, items + 1)
    ]
    case_list = [{"id": f"c{n}", "name": f"Case {n} 事例", "company": "Company", "presenter": people[n % participants]["id"]} for n in range(1, cases + 1)]
    points = {str(i["id"]): int(i["points"]) for i in item_list}  # type: ignore[arg-type]
    scores = {p["id"]: {c["id"]: {iid: rng.randrange(0, 2 * pts + 1) / 2 for iid, pts in points.items()} for c in case_list} for p in people}
    return new_session(
        "Stress session ストレス",
        "en",
        workshop_date=date(2026, 12, 3),
        participants=people,
        groups=group_list,
        reviews=review_list,
        posts=post_list,
        items=item_list,
        cases=case_list,
        scores=scores,
        progress={"day": 1, "step": "listen.reviews", "started_at": start, "turn": "p1"},
    )


def write_stress_session(path: Path) -> Path:
    save(stress_session(), path, keep_backup=False)
    return path
