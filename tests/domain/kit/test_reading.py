"""The kit's readers of request values hold their rules for every input: integers and texts as the
protojson gateway hands them on, prices and VAT rates as the API takes them, whether a reading was
kept from an earlier call or made afresh."""
from __future__ import annotations

from decimal import Decimal
from enum import IntEnum

from hypothesis import given
from hypothesis import strategies as st

from ozmock.domain.kit.money import KEPT_TEXT, parse_price, parse_vat
from ozmock.domain.kit.values import INT64_MAX, as_int, as_str

INT64 = st.integers(-INT64_MAX, INT64_MAX)


class Level(IntEnum):
    HIGH = 7


@given(INT64)
def test_an_int64_reads_as_itself_as_a_number_or_a_text(number):
    assert as_int(number) == number
    assert as_int(f" {number} ") == number


@given(st.integers(-(2**53), 2**53))
def test_an_integral_float_reads_as_its_integer(number):
    assert as_int(float(number)) == number


@given(st.integers(INT64_MAX + 1, 2**70) | st.integers(-(2**70), -INT64_MAX - 1), st.integers(-5, 5))
def test_an_integer_beyond_int64_reads_as_the_default(number, default):
    assert as_int(number, default) == default
    assert as_int(str(number), default) == default


@given(st.booleans() | st.none() | st.text().filter(lambda t: not t.strip().lstrip("+-").isdigit())
       | st.floats().filter(lambda f: not f.is_integer()) | st.lists(st.integers()))
def test_what_is_no_integer_reads_as_the_default(value):
    assert as_int(value, -1) == -1


def test_an_integer_subclass_reads_as_its_value_and_a_bool_does_not():
    assert as_int(Level.HIGH) == 7
    assert as_int(True, -1) == -1 and as_int(False, -1) == -1


@given(st.text())
def test_a_text_reads_as_itself(text):
    assert as_str(text) == text


def test_other_values_read_as_the_gateway_writes_them():
    class Label(str):
        pass
    assert as_str(None) == ""
    assert (as_str(True), as_str(False)) == ("true", "false")
    assert (as_str(3.0), as_str(2.5), as_str(12)) == ("3", "2.5", "12")
    assert type(as_str(Label("x"))) is str and as_str(Label("x")) == "x"


@given(st.integers(-10**15, 10**15), st.sampled_from([0, 1, 2]))
def test_a_decimal_with_at_most_two_places_reads_as_its_value(cents, places):
    value = Decimal(cents).scaleb(-places)
    text = format(value, "f")
    assert parse_price(text) == value
    assert parse_price(f"  {text} ") == value                        # kept from the first reading
    assert parse_price("0" * KEPT_TEXT + text.lstrip("-")) == abs(value)   # too long to keep: read afresh


@given(st.integers(1, 10**9), st.integers(3, 6))
def test_more_than_two_places_or_a_comma_is_no_price(whole, places):
    assert parse_price(f"{whole}." + "5" * places) is None
    assert parse_price(f"{whole},50") is None
    assert parse_price(f"{whole}.5.5") is None
    assert parse_price("0" * KEPT_TEXT + f"{whole}." + "5" * places) is None


def test_an_empty_price_reads_as_none():
    assert parse_price("") is None and parse_price("   ") is None and parse_price(None) is None


RATES = {"0": "0", "0.05": "0.05", "0.07": "0.07", "0.1": "0.1", "0.2": "0.2", "0.22": "0.22"}


@given(st.sampled_from(sorted(RATES)), st.integers(0, 3), st.integers(0, 3))
def test_a_documented_vat_rate_reads_canonically_however_it_is_padded(rate, leading, trailing):
    spelled = "0" * leading + rate + ("0" * trailing if "." in rate else "")
    assert parse_vat(spelled) == RATES[rate]
    assert parse_vat(f" {spelled} ") == RATES[rate]
    assert parse_vat("0" * KEPT_TEXT + spelled) == RATES[rate]


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3).filter(
    lambda d: d not in {Decimal(r) for r in RATES}))
def test_any_other_rate_is_refused(value):
    assert parse_vat(str(value)) is None
