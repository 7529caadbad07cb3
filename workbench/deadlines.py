"""When a determination is due, from the review type and the day the IRO received the case.

Standard reviews: 30 days; expedited: 3 days; formulary-only disputes: 5
working days (weekends skipped; holidays are the reviewer's to adjust).
"""

from __future__ import annotations

import datetime as dt

from workbench.case import ReviewType

CALENDAR_DAYS = {ReviewType.STANDARD: 30, ReviewType.EXPEDITED: 3}
FORMULARY_WORKING_DAYS = 5


def due_date(review_type: ReviewType, received_on: dt.date) -> dt.date:
    if review_type is ReviewType.FORMULARY:
        day, left = received_on, FORMULARY_WORKING_DAYS
        while left:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day
    return received_on + dt.timedelta(days=CALENDAR_DAYS[review_type])
