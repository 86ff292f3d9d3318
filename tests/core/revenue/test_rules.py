"""Pure revenue rules: phasing, projection, gap ranking, the APEKSI threshold, import rows."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from core.revenue import rules

FLAT = {m: 100 for m in range(1, 13)}
# December brings in a quarter of the year, the other months the rest evenly.
DECEMBER_HEAVY = {**{m: 75 for m in range(1, 12)}, 12: 275}


# ---------------------------------------------------------------- largest remainder
LARGEST_REMAINDER = [
    ("_even_exact", 1200, [1] * 12, [100] * 12),
    ("_remainder_to_earliest_on_tie", 14, [1] * 12, [2, 2] + [1] * 10),
    ("_zero_weights_even", 3, [0, 0, 0], [1, 1, 1]),
    ("_largest_fraction_first", 10, [Fraction(1, 3), Fraction(2, 3)], [3, 7]),
    ("_nothing", 0, [1, 2, 3], [0, 0, 0]),
    ("_one_rupiah_three_ways", 1, [1, 1, 1], [1, 0, 0]),
]


@pytest.mark.parametrize(("_case", "total", "weights", "expected"), LARGEST_REMAINDER)
def test_largest_remainder(_case, total, weights, expected):
    shares = rules.largest_remainder(total, weights)
    assert shares == expected
    assert sum(shares) == total


# ---------------------------------------------------------------- seasonal pattern
def test_no_history_gives_no_pattern():
    assert rules.seasonal_weights({}, before_year=2026) == (None, [])


def test_incomplete_year_is_not_history():
    partial = {2025: {m: 10 for m in range(1, 12)}}  # December missing
    assert rules.seasonal_weights(partial, before_year=2026) == (None, [])


def test_zero_year_is_not_history():
    assert rules.seasonal_weights({2025: {m: 0 for m in range(1, 13)}}, before_year=2026)[0] is None


def test_pattern_averages_last_three_full_years_only():
    history = {
        2021: {m: (1000 if m == 1 else 0) for m in range(1, 13)},  # too old: ignored
        2023: FLAT,
        2024: DECEMBER_HEAVY,
        2025: FLAT,
        2026: FLAT,  # the target year itself: ignored
    }
    weights, years = rules.seasonal_weights(history, before_year=2026)
    assert years == [2023, 2024, 2025]
    assert sum(weights) == 1
    assert weights[0] == (Fraction(1, 12) * 2 + Fraction(75, 1100)) / 3
    assert weights[11] == (Fraction(1, 12) * 2 + Fraction(275, 1100)) / 3


# ---------------------------------------------------------------- phasing
def test_phasing_without_history_is_even_and_exact():
    months = rules.phase(1_200_000_007, None)
    assert sum(months) == 1_200_000_007
    assert months[:7] == [100_000_001] * 7  # the 7 leftover rupiah go to the earliest months
    assert months[7:] == [100_000_000] * 5


def test_phasing_with_history_follows_the_pattern():
    weights, _years = rules.seasonal_weights({2025: DECEMBER_HEAVY}, before_year=2026)
    months = rules.phase(1_100_000, weights)
    assert months == [75_000] * 11 + [275_000]


def test_revised_target_keeps_closed_months_and_spreads_the_rest():
    months = rules.phase(1_500_000, None, locked={1: 100_000, 2: 100_000})
    assert months[:2] == [100_000, 100_000]
    assert sum(months) == 1_500_000
    assert months[2:] == [130_000] * 10


def test_revision_below_closed_months_is_refused():
    with pytest.raises(rules.PhasingError):
        rules.phase(100, None, locked={1: 60, 2: 60})


# ---------------------------------------------------------------- projection
PROJECTION = [
    ("_linear_without_history", 300, 3, None, 1200, "linear"),
    ("_linear_rounds_half_up", 100, 7, None, 171, "linear"),  # 171.43
    ("_seasonal_known_share", 150, 3, "december_heavy", 733, "seasonal"),
    ("_full_year_is_the_realisation", 999, 12, None, 999, "linear"),
    ("_nothing_reported", 0, 0, None, None, "none"),
]


@pytest.mark.parametrize(("_case", "ytd", "through", "pattern", "expected", "method"), PROJECTION)
def test_projection(_case, ytd, through, pattern, expected, method):
    weights = None
    if pattern:
        # Jan-Mar carry 3 x 75 / 1100 = 225/1100 of the year: 150 / (225/1100) = 733.33
        weights, _ = rules.seasonal_weights({2025: DECEMBER_HEAVY}, before_year=2026)
    result = rules.project_year_end(ytd, through, weights)
    assert (result.amount, result.method) == (expected, method)


def test_seasonal_projection_falls_back_to_linear_when_months_to_date_had_nothing():
    weights, _ = rules.seasonal_weights(
        {2025: {m: (0 if m <= 2 else 10) for m in range(1, 13)}}, before_year=2026
    )
    assert rules.project_year_end(50, 2, weights) == rules.Projection(300, "linear")


# ---------------------------------------------------------------- gaps
def test_sources_are_ranked_by_rupiah_gap_then_rate_then_code():
    gaps = [
        rules.Gap("AHEAD", 100, 150),
        rules.Gap("SMALL", 100, 90),
        rules.Gap("BIG", 1000, 500),
        rules.Gap("TIE_LOW_RATE", 20, 10),  # gap 10, 50 %
        rules.Gap("TIE_HIGH_RATE", 100, 90),  # gap 10, 90 %
    ]
    ranked = [g.code for g in rules.rank_by_gap(gaps)]
    assert ranked == ["BIG", "TIE_LOW_RATE", "SMALL", "TIE_HIGH_RATE", "AHEAD"]


# ---------------------------------------------------------------- APEKSI comparison
def _cities(n, rate=Decimal("80")):
    return [{"PBB": rate + i} for i in range(n)]


def test_source_hidden_below_five_cities():
    [row] = rules.anonymised_comparison(_cities(4))
    assert (row.cities, row.shown, row.median) == (4, False, None)


def test_source_shown_from_five_cities_with_median_and_quartiles():
    [row] = rules.anonymised_comparison(_cities(5))
    assert row.shown
    assert (row.median, row.lower_quartile, row.upper_quartile) == (
        Decimal("82.00"),
        Decimal("81.00"),
        Decimal("83.00"),
    )


def test_threshold_is_per_source():
    rates = [{"PBB": Decimal(80), "WALET": Decimal(50)} for _ in range(4)] + [{"PBB": Decimal(90)}]
    rows = {r.code: r for r in rules.anonymised_comparison(rates)}
    assert rows["PBB"].shown and not rows["WALET"].shown


# ---------------------------------------------------------------- import rows
AMOUNTS = [
    ("_plain", "1500000", 1_500_000),
    ("_dotted_thousands", "1.500.000", 1_500_000),
    ("_comma_thousands", "1,500,000", 1_500_000),
    ("_rupiah_prefix_and_cents", "Rp 1.500.000,00", 1_500_000),
    ("_negative", "-5", None),
    ("_decimal", "1500,5", None),
    ("_mixed_separators", "1.500,000", None),
    ("_text", "sejuta", None),
]


@pytest.mark.parametrize(("_case", "text", "expected"), AMOUNTS)
def test_parse_amount(_case, text, expected):
    assert rules.parse_amount(text) == expected


MONTHS = [
    ("_number", "3", 3),
    ("_padded", "03", 3),
    ("_iso", "2026-03", 3),
    ("_slash", "03/2026", 3),
    ("_other_year", "2025-03", None),
    ("_thirteen", "13", None),
    ("_zero", "0", None),
    ("_name", "Maret", None),
]


@pytest.mark.parametrize(("_case", "text", "expected"), MONTHS)
def test_parse_month(_case, text, expected):
    assert rules.parse_month(text, 2026) == expected


def _check(rows, **overrides):
    kwargs = {
        "year": 2026,
        "sources": {"PBB": True, "BPHTB": True, "OLD": False},
        "writable": {"PBB", "OLD"},
        "closed_months": {1},
        "last_month": 3,
    }
    kwargs.update(overrides)
    return rules.check_rows(rows, **kwargs)


ROW_ERRORS = [
    ("_code_missing", {"kode_sumber": "", "bulan": "2", "jumlah": "1"}, "kode_sumber"),
    ("_unknown_code", {"kode_sumber": "XYZ", "bulan": "2", "jumlah": "1"}, "kode_sumber"),
    ("_inactive_source", {"kode_sumber": "OLD", "bulan": "2", "jumlah": "1"}, "kode_sumber"),
    ("_not_responsible", {"kode_sumber": "BPHTB", "bulan": "2", "jumlah": "1"}, "kode_sumber"),
    ("_month_missing", {"kode_sumber": "PBB", "bulan": "", "jumlah": "1"}, "bulan"),
    ("_month_invalid", {"kode_sumber": "PBB", "bulan": "13", "jumlah": "1"}, "bulan"),
    ("_future_month", {"kode_sumber": "PBB", "bulan": "4", "jumlah": "1"}, "bulan"),
    ("_closed_month", {"kode_sumber": "PBB", "bulan": "1", "jumlah": "1"}, "bulan"),
    ("_amount_missing", {"kode_sumber": "PBB", "bulan": "2", "jumlah": ""}, "jumlah"),
    ("_amount_negative", {"kode_sumber": "PBB", "bulan": "2", "jumlah": "-10"}, "jumlah"),
]


@pytest.mark.parametrize(("_case", "row", "column"), ROW_ERRORS)
def test_each_row_rule(_case, row, column):
    checked = _check([{"kode_sumber": "PBB", "bulan": "3", "jumlah": "5"}, row])
    assert [(e.row, e.column) for e in checked.errors] == [(3, column)]
    assert [r.row for r in checked.rows] == [2]


def test_duplicate_source_and_month_names_the_first_row():
    checked = _check(
        [
            {"kode_sumber": "pbb", "bulan": "2", "jumlah": "5"},
            {},
            {"kode_sumber": "PBB", "bulan": "2026-02", "jumlah": "6"},
        ]
    )
    [error] = checked.errors
    assert (error.row, error.column) == (4, "kode_sumber")
    assert "2" in error.message


def test_missing_columns_and_empty_file():
    assert [e.column for e in rules.check_headers(["kode_sumber", "jumlah"])] == ["bulan"]
    assert [e.row for e in _check([{}, {}]).errors] == [1]
