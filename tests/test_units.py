"""``round_decimals`` is exactly ``round(value, digits) + 0.0`` (``coord``: three digits),
through its fast path and around it."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gyokaku.extract.units import COORD_DIGITS, coord, round_decimals


def reference(value: float) -> float:
    """The definition: Python's correctly rounded decimal rounding, negative zero made
    positive."""
    return round(value, COORD_DIGITS) + 0.0


def same_float(a: float, b: float) -> bool:
    """Equal as floats, the sign of zero included (NaN equals NaN)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


@given(st.floats(allow_nan=True, allow_infinity=True))
@example(0.0005)
@example(-0.0005)
@example(0.0015)
@example(2.675)
@example(-0.0)
@example(-0.0004)
@example(999_999.9995)
@example(1e300)
@example(5e-324)
def test_coord_is_round_to_three_decimals(value: float) -> None:
    assert same_float(coord(value), reference(value))


# Half-way decimals (k + 0.5) / 1000 and their neighbouring doubles, where the two roundings
# could part: the binary value decides which way Python rounds.
@given(st.integers(min_value=-10**9, max_value=10**9), st.sampled_from([-2, -1, 0, 1, 2]))
def test_coord_near_half_way_cases(thousandths: int, steps: int) -> None:
    value = (thousandths + 0.5) / 10**COORD_DIGITS
    for _ in range(abs(steps)):
        value = math.nextafter(value, math.copysign(math.inf, steps))
    assert same_float(coord(value), reference(value))


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 1e9, -1e9, 1e12])
def test_coord_keeps_huge_and_non_finite_values(value: float) -> None:
    assert same_float(coord(value), reference(value))


@given(st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=0, max_value=15))
@example(0.005, 2)
@example(-0.125, 2)
@example(2.5, 0)
@example(-0.5, 0)
def test_round_decimals_is_round_for_every_digit_count(value: float, digits: int) -> None:
    assert same_float(round_decimals(value, digits), round(value, digits) + 0.0)


@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=0, max_value=6),
       st.sampled_from([-1, 0, 1]))
def test_round_decimals_near_half_way_cases(units: int, digits: int, step: int) -> None:
    value = (units + 0.5) / 10**digits
    if step:
        value = math.nextafter(value, math.copysign(math.inf, step))
    assert same_float(round_decimals(value, digits), round(value, digits) + 0.0)
