import datetime as dt

from workbench.case import ReviewType
from workbench.deadlines import due_date


def test_due_dates_by_review_type():
    friday = dt.date(2026, 11, 20)
    assert due_date(ReviewType.STANDARD, friday) == dt.date(2026, 12, 20)
    assert due_date(ReviewType.EXPEDITED, friday) == dt.date(2026, 11, 23)
    assert due_date(ReviewType.FORMULARY, friday) == dt.date(2026, 11, 27)  # Mon..Fri
