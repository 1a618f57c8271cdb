"""Domain values as Hypothesis strategies: article codes, EAN-13 barcodes, prices in the documented
decimal-string format, posting numbers, timestamps as Ozon writes them, product names."""
from __future__ import annotations

import string
from datetime import datetime
from decimal import Decimal

from hypothesis import strategies as st

from ...domain.kit.money import VAT_RATES
from ...generate.vocabulary import ean13_check_digit

VATS = tuple(str(rate) for rate in sorted(VAT_RATES))      # "0", "0.05", ... "0.22"
PRODUCT_KINDS = ("Кружка керамическая", "Футболка хлопковая", "Наушники беспроводные", "Рюкзак городской",
                 "Чайник электрический", "Коврик для йоги", "Shampoo", "Power bank", "Настольная лампа")
PRODUCT_VARIANTS = ("", " 350 мл", " синий", " XL", " 20000 mAh")
USUAL_PRICES = ("199", "349", "499", "990", "1490", "2490", "9990", "24990")


def timestamps(start: datetime = datetime(2024, 1, 1), end: datetime = datetime(2027, 12, 31)):
    """RFC 3339 timestamps as Ozon writes them (`2026-01-15T09:00:00.123Z`, sometimes without millis)."""
    def render(args: tuple[datetime, bool]) -> str:
        moment, millis = args
        text = moment.strftime("%Y-%m-%dT%H:%M:%S")
        return text + (f".{moment.microsecond // 1000:03d}Z" if millis else "Z")

    return st.tuples(st.datetimes(start, end), st.booleans()).map(render)


def offer_ids(max_size: int = 50) -> st.SearchStrategy[str]:
    """Seller article codes (`offer_id`): 1..50 characters, mostly the shapes sellers use."""
    shaped = st.one_of(
        st.from_regex(r"[A-Z]{2,5}-[0-9]{3,7}(-[A-Z0-9]{1,4})?", fullmatch=True),
        st.from_regex(r"[0-9]{5,12}", fullmatch=True),
        st.from_regex(r"[a-z]{3,10}_[a-z0-9]{2,8}", fullmatch=True),
        st.from_regex(r"[А-Я]{2,4}-[0-9]{2,6}", fullmatch=True),
    )
    free = st.text(string.ascii_letters + string.digits + "-_.", min_size=1, max_size=max_size)
    return st.one_of(shaped, shaped, free).filter(lambda s: 0 < len(s) <= max_size)


def ean13(digits12: str) -> str:
    """`digits12` plus its EAN-13 check digit."""
    return digits12 + str(ean13_check_digit(digits12))


def barcodes() -> st.SearchStrategy[str]:
    """Valid EAN-13 barcodes, mostly with Russian GS1 prefixes (460-469)."""
    prefix = st.one_of(st.integers(460, 469).map(str), st.integers(200, 299).map(str),
                       st.from_regex(r"[0-9]{3}", fullmatch=True))
    return st.tuples(prefix, st.from_regex(r"[0-9]{9}", fullmatch=True)).map(lambda p: ean13(p[0] + p[1]))


def prices(min_value: str | Decimal = "1", max_value: str | Decimal = "1000000") -> st.SearchStrategy[str]:
    """Prices in the documented format: a decimal string with `.` and at most two places (`"499"`,
    `"1299.9"`, `"1299.90"`)."""
    def render(args: tuple[Decimal, int]) -> str:
        value, places = args
        text = f"{value:.2f}"
        if places == 0 and value == value.to_integral_value():
            return str(int(value))
        if places == 1 and text.endswith("0"):
            return text[:-1]
        return text

    amounts = st.one_of(
        st.sampled_from([Decimal(v) for v in USUAL_PRICES]),
        st.decimals(Decimal(min_value), Decimal(max_value), places=2),
    ).filter(lambda d: Decimal(min_value) <= d <= Decimal(max_value))
    return st.tuples(amounts, st.integers(0, 2)).map(render)


def posting_numbers() -> st.SearchStrategy[str]:
    """Posting numbers as Ozon writes them: `<order>-<4 digits>-<n>` (e.g. `39268230-0002-3`)."""
    return st.tuples(st.integers(10_000_000, 99_999_999_999), st.integers(1, 20), st.integers(1, 9)).map(
        lambda p: f"{p[0]:08d}-{p[1]:04d}-{p[2]}")


def product_names() -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(list(PRODUCT_KINDS)), st.sampled_from(list(PRODUCT_VARIANTS)),
                     st.integers(1, 999)).map(lambda p: f"{p[0]}{p[1]} {p[2]}".strip())
