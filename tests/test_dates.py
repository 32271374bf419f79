from datetime import date

import pytest

from briefing import dates


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2022-09-12", date(2022, 9, 12), date(2022, 9, 12)),
        ("2022-09-12/2022-09-14", date(2022, 9, 12), date(2022, 9, 14)),
        ("2024-12/2025-01", date(2024, 12, 1), date(2025, 1, 31)),
    ],
)
def test_valid(text, start, end):
    assert dates.parse(text) == dates.Span(start, end)


@pytest.mark.parametrize(
    "text", ["22", "2022-9", "2022-13", "2023-02-29", "2022/2021", "2022/2023/2024", "Sept 2022", ""]
)
def test_invalid(text):
    assert not dates.is_valid(text)


def test_sort_key_orders_partial_dates_and_puts_undated_last():
    items = ["2022-09-12", None, "2022", "2022-09", "bad", "2021-12-31"]
    assert sorted(items, key=dates.sort_key)[:4] == ["2021-12-31", "2022", "2022-09", "2022-09-12"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Sept 2022", "'Sept 2022' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2022-13", "month 13 out of range in '2022-13'"),
        ("2022-00-01", "month 00 out of range in '2022-00-01'"),
        ("2023-02-29", "day 29 out of range in '2023-02-29'"),
        ("2022/2021", "range '2022/2021' ends before it starts"),
        ("2022/2023/2024", "'2022/2023/2024' has more than one '/'"),
    ],
)
def test_invalid_date_says_why(text, reason):
    # README (validate): a bad date is reported with its reason: the form, month, day or range at fault.
    with pytest.raises(ValueError) as caught:
        dates.parse(text)
    assert str(caught.value) == reason


def test_range_may_start_and_end_in_the_same_period():
    # README (validate): only a range that ends before it starts is refused; equal starts are fine.
    assert dates.parse("2022/2022") == dates.Span(date(2022, 1, 1), date(2022, 12, 31))
    assert dates.parse("2022-09/2022-09-30") == dates.Span(date(2022, 9, 1), date(2022, 9, 30))
