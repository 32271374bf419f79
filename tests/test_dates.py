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
