"""Build the English Day 2 sample from the Day 1 sample, as a team would:
through the app's own commands (the same ones the keys apply).

    python tools/en_day2.py && python tools/freeze_day1.py sample_workshops/en_ec_recommendations.toml sample_workshops/en_ec_recommendations_day2.toml
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from mlew_tui import store
from mlew_tui.domain.plan_meetings import ProgressDraft
from mlew_tui.i18n import Translator
from mlew_tui.toml_writer import dumps
from mlew_tui.workshop import Workshop

FOLDER = Path(__file__).resolve().parents[1] / "sample_workshops"
ZONE = timezone(timedelta(hours=-5))  # New York in December
HEADER = """\
# mlew sample session: Northfield Outfitters (outdoor gear), Day 2.
#
# The Day 1 sample (en_ec_recommendations.toml) a week later, on Day 2:
#   - Invent re-run: Emma re-scored case c1 after the sales team's feedback
#     (it does solve "partly: finding the right gear for a trip"), so c1 now
#     wins on #1 picks (3 of 4) instead of on the sums of a 2-2 tie;
#   - Refine re-run: the trip-type step is no longer red (verified with data);
#   - the plan: milestone 0 today, m1's pass line changed, four TODOs, the
#     weekly progress meeting and an executive report per milestone.
# The [day1] table at the end is Day 1 as it stood when Day 2 started
# (written by mlew, never changed). Built by tools/en_day2.py.

"""


def main() -> None:
    session = store.load(FOLDER / "en_ec_recommendations.toml")
    clock = [datetime(2026, 12, 10, 9, 0, tzinfo=ZONE)]

    def now() -> datetime:
        return clock[0]

    def wait(minutes: float) -> None:
        clock[0] += timedelta(minutes=minutes)

    w = Workshop(session, day=2, now=now)
    tr = Translator("en")
    w.apply("set_field", "", "day2_date", now().date())
    w.apply("change_allotment", "invent", 5)
    wait(8)
    w.apply("next_step")  # day2.invent
    w.apply("set_cell", "emma", "c1", "i2", 5)
    w.apply("set_cell", "emma", "c1", "i4", 5)
    wait(58)
    w.apply("next_step")  # day2.refine
    w.apply("toggle_step_uncertain", 2)
    wait(52)
    w.apply("next_step")  # day2.timeline (m0 today)
    w.apply(
        "edit_milestone",
        "m1",
        how="Post-purchase survey 'the suggestions helped me complete my kit': at least 35% agree (baseline 22%, measured in December) over 4 weeks",
    )
    wait(16)
    w.apply("next_step")  # day2.tasks
    today = now().date()
    for text, owner, due in (
        ("Export 12 months of order baskets and trip tags to the analysis environment", "james", date(2026, 12, 18)),
        ("Run the baseline survey on 500 December buyers", "emma", date(2026, 12, 23)),
        ("Prototype the 'Complete your kit' row on the staging site", "priya", date(2027, 1, 15)),
        ("Book the sponsor for the M1 executive report", "maria", date(2026, 12, 15)),
    ):
        w.apply("add_todo", text, owner, "m1", due)
    wait(5)
    w.apply("next_step")  # day2.task_review
    wait(15)
    w.apply("next_step")  # day2.register
    w.apply("set_progress_meeting", ProgressDraft("Northfield Outfitters: weekly progress", 3, time(10, 0), 30, date(2027, 2, 25)), today, ZONE)
    w.apply("register_reports", tr, ZONE)
    w.session.timer = w.session.timer.model_copy(update={"step": ""})
    target = FOLDER / "en_ec_recommendations_day2.toml"
    data = w.session.to_toml_dict()
    del data["day1"]  # written from the Day 1 file by tools/freeze_day1.py
    target.write_text(HEADER + dumps(data), encoding="utf-8")


if __name__ == "__main__":
    main()
