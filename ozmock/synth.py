"""Realistic values from a JSON Schema: the building blocks of `ozmock.generate`.

`Synthesizer` walks a (response) schema and produces one value for it, using the
field name to pick something that looks like what Ozon sends (EAN-13 barcodes,
posting numbers, prices as decimal strings, Russian product names, CDN URLs...),
then bends that value to the schema's own constraints (enum, pattern, format,
bounds, lengths). `conform` does the same for a documented example: it keeps
every value the schema accepts, coerces what protojson would coerce and
synthesizes the rest.

Everything here is deterministic: the only randomness is the `random.Random`
handed in, and the word lists are fixed (no locale data that changes between
library versions).
"""
from __future__ import annotations

import base64
import functools
import math
import random
import re
from typing import Any, Iterable

try:  # Python 3.11+: the parser behind `re`
    from re import _parser as sre_parse  # type: ignore[attr-defined]
    from re import _constants as sre_c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]
    import sre_constants as sre_c  # type: ignore[no-redef]

JSON_TYPES = ("object", "array", "string", "integer", "number", "boolean", "null")
TIMESTAMP_MARK = "2026-01-15T09:00:00.000Z"  # written at timestamp leaves; replaced per request from the clock

# --- word lists (fixed: realism without locale data that drifts between versions) -------------
PRODUCT_NOUNS = (
    ("Кружка", "f"), ("Футболка", "f"), ("Рюкзак", "m"), ("Чайник", "m"), ("Сковорода", "f"),
    ("Наушники", "p"), ("Кроссовки", "p"), ("Толстовка", "f"), ("Лампа", "f"), ("Плед", "m"),
    ("Термос", "m"), ("Блокнот", "m"), ("Чехол", "m"), ("Подушка", "f"), ("Полотенце", "n"),
    ("Зонт", "m"), ("Кофеварка", "f"), ("Ежедневник", "m"), ("Органайзер", "m"), ("Шапка", "f"),
)
ADJECTIVES = {
    "m": ("керамический", "хлопковый", "складной", "детский", "беспроводной", "утеплённый", "компактный"),
    "f": ("керамическая", "хлопковая", "складная", "детская", "беспроводная", "утеплённая", "компактная"),
    "n": ("керамическое", "хлопковое", "складное", "детское", "махровое", "утеплённое", "компактное"),
    "p": ("керамические", "хлопковые", "складные", "детские", "беспроводные", "утеплённые", "компактные"),
}
COLORS = ("чёрный", "белый", "серый", "синий", "красный", "зелёный", "бежевый", "розовый")
BRANDS = ("Домовёнок", "Северный ветер", "Tefal", "Xiaomi", "Gipfel", "Remington", "Самоделкин", "Nordic Home")
CATEGORIES = ("Кружки и чашки", "Футболки", "Рюкзаки", "Чайники", "Сковороды", "Наушники", "Кроссовки",
              "Пледы", "Термосы", "Блокноты")
CITIES = ("Москва", "Санкт-Петербург", "Казань", "Екатеринбург", "Новосибирск", "Ростов-на-Дону",
          "Краснодар", "Нижний Новгород", "Самара", "Воронеж")
REGIONS = ("Московская область", "Ленинградская область", "Республика Татарстан", "Свердловская область",
           "Новосибирская область", "Ростовская область", "Краснодарский край")
STREETS = ("ул. Ленина", "пр-т Мира", "ул. Гагарина", "ул. Садовая", "Комсомольский пр-т", "ул. Советская",
           "ул. Пушкина", "Невский пр-т")
WAREHOUSES = ("ХОРУГВИНО_РФЦ", "ТВЕРЬ_РФЦ", "ПЕТРОВСКОЕ_РФЦ", "КАЗАНЬ_РФЦ", "ЕКАТЕРИНБУРГ_РФЦ_НОВЫЙ",
              "НОВОСИБИРСК_РФЦ_НОВЫЙ", "РОСТОВ-НА-ДОНУ_РФЦ", "Склад продавца Москва")
CLUSTERS = ("Москва, МО и Дальние регионы", "Санкт-Петербург и СЗО", "Казань", "Урал", "Сибирь", "Юг")
FIRST_NAMES = ("Иван", "Анна", "Сергей", "Мария", "Алексей", "Екатерина", "Дмитрий", "Ольга")
LAST_NAMES = ("Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева", "Козлов", "Новикова")
PATRONYMICS = ("Иванович", "Сергеевна", "Алексеевич", "Дмитриевна", "Петрович", "Андреевна")
COMPANIES = ("ООО «Ромашка»", "ИП Смирнова А. В.", "ООО «Северный ветер»", "АО «Торговый дом»",
             "ООО «Домовёнок»")
SENTENCES = ("Товар соответствует описанию, спасибо!", "Доставка быстрая, упаковка целая.",
             "Подскажите, есть ли другие размеры?", "Всё отлично, рекомендую.",
             "Размер подошёл, качество хорошее.", "Заказ передан в доставку.")
WORDS = ("основной", "стандартный", "дополнительный", "обычный", "новый", "активный")
CODE_PREFIXES = ("KR", "FT", "RK", "CH", "SK", "NB", "PL", "TR", "BL", "ZN")
TPL_PROVIDERS = ("Ozon Логистика", "СДЭК", "Boxberry", "Почта России", "DPD")
PHONE_CODES = ("916", "925", "903", "977", "985", "999")
VEHICLE_LETTERS = "АВЕКМНОРСТУХ"
TINY_PDF = base64.b64encode(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").decode()

ID_RANGES = {  # realistic magnitudes per id family (inclusive bounds)
    "warehouse": (1_020_000_000_000_000, 1_020_009_999_999_999),
    "delivery_method": (1_020_000_000_000_000, 1_020_009_999_999_999),
    "sku": (100_000_000, 2_999_999_999),
    "product": (100_000_000, 2_999_999_999),
    "fbo_sku": (100_000_000, 2_999_999_999),
    "fbs_sku": (100_000_000, 2_999_999_999),
    "order": (10_000_000_000, 99_999_999_999),
    "posting": (10_000_000_000, 99_999_999_999),
    "description_category": (17_000_000, 99_999_999),
    "category": (17_000_000, 99_999_999),
    "type": (90_000, 99_999),
    "attribute": (4_000, 23_000),
    "dictionary": (1_000, 9_999),
    "dictionary_value": (5_000_000, 971_999_999),
    "task": (100_000_000, 999_999_999),
    "supply": (10_000_000, 99_999_999),
    "cluster": (1, 200),
    "company": (100_000, 9_999_999),
}


def ean13(rng: random.Random) -> str:
    """A valid EAN-13 with a Russian (460-469) GS1 prefix."""
    body = f"46{rng.randint(0, 9)}" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    return body + str(ean13_check_digit(body))


def ean13_check_digit(first12: str) -> int:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def is_ean13(text: str) -> bool:
    return len(text) == 13 and text.isdigit() and ean13_check_digit(text[:12]) == int(text[12])


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def product_name(rng: random.Random) -> str:
    noun, gender = rng.choice(PRODUCT_NOUNS)
    return f"{noun} {rng.choice(ADJECTIVES[gender])} {rng.choice(BRANDS)}, {rng.choice(COLORS)}"


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def address(rng: random.Random) -> str:
    return f"Россия, г. {rng.choice(CITIES)}, {rng.choice(STREETS)}, д. {rng.randint(1, 120)}"


def offer_code(rng: random.Random) -> str:
    return f"{rng.choice(CODE_PREFIXES)}-{rng.randint(10000, 99999)}"


def posting_number(rng: random.Random) -> str:
    return f"{rng.randint(10_000_000, 99_999_999)}-{rng.randint(1, 999):04d}-{rng.randint(1, 3)}"


def cdn_image(rng: random.Random) -> str:
    bucket = rng.choice("abcdefghik")
    return f"https://cdn1.ozone.ru/s3/multimedia-1-{bucket}/{rng.randint(6_000_000_000, 9_999_999_999)}.jpg"


def cdn_file(rng: random.Random, ext: str = "pdf") -> str:
    return f"https://cdn1.ozone.ru/s3/ozon-seller-files/{_uuid(rng)}.{ext}"


def price_value(rng: random.Random) -> float:
    return float(rng.choice((199, 299, 349, 499, 590, 799, 990, 1199, 1499, 1990, 2490, 3290, 4990)))


# --- field name -> kind of value ------------------------------------------------------------
@functools.lru_cache(maxsize=8192)
def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()) if w)


_ID_SUFFIXES = ("id", "ids", "sku", "skus")
_NOT_IDS = {"last_id", "cursor", "page_id"}
_TS_WORDS = {"at", "date", "timestamp", "since", "until", "deadline", "cutoff", "datetime"}
_FUTURE_WORDS = {"deadline", "shipment", "delivering", "delivery", "end", "to", "until", "cutoff",
                 "expires", "expire", "expiration", "planned", "stop", "finish", "auto", "freeze"}
_MONEY_WORDS = {"price", "amount", "cost", "sum", "payout", "commission", "charge", "fee", "total_price",
                "revenue", "balance", "payment", "compensation", "accrual", "bonus", "discount_value",
                "marketing_price", "vat_amount", "cashback", "premium", "refund"}


@functools.lru_cache(maxsize=8192)
def singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


@functools.lru_cache(maxsize=8192)
def id_family(name: str) -> str | None:
    """'warehouse' for warehouse_id, 'sku' for sku / skus / fbo_sku, None when not an id."""
    lowered = name.lower()
    if lowered in _NOT_IDS:
        return None
    words = _words(lowered)
    if not words:
        return None
    if words[-1] in ("sku", "skus"):
        return "_".join(words[:-1] + ("sku",)) if len(words) > 1 else "sku"
    if words[-1] in ("id", "ids"):
        return "_".join(words[:-1]) or "id"
    return None


def is_timestamp_name(name: str) -> bool:
    words = _words(name)
    if not words:
        return False
    if words[-1] in ("local",):  # time-of-day fields: "10:00"
        return False
    if name.endswith("_in_timezone"):  # current_time_in_timezone, from_in_timezone: timestamps
        return True
    return (words[-1] in _TS_WORDS or words[0] in ("date", "timeslot") or name in ("from", "to", "begin", "end")
            or (words[-1] in ("from", "to") and words[0] in ("period", "time", "delivery", "interval"))
            or (len(words) > 1 and words[-2] == "date") or "datetime" in words)


def timestamp_offset(name: str, rng: random.Random) -> int:
    """Seconds relative to now for a timestamp leaf: the past for created/updated, the future for deadlines."""
    words = set(_words(name))
    if words & {"created", "create", "creation", "registered", "published", "accepted", "in"}:
        return -rng.randint(3 * 86400, 40 * 86400)
    if words & {"updated", "changed", "modified", "last"}:
        return -rng.randint(600, 2 * 86400)
    if words & _FUTURE_WORDS:
        return rng.randint(86400, 5 * 86400)
    if words & {"from", "begin", "start"}:
        return -rng.randint(86400, 7 * 86400)
    return -rng.randint(3600, 3 * 86400)


class Unsatisfiable(Exception):
    """A schema that no value satisfies (e.g. `false`): the caller decides what to do."""


class Synthesizer:
    """Builds one value for a schema, recording where the timestamps are (to fill them per request)."""

    MAX_REF_DEPTH = 1      # how many times a recursive definition may nest inside itself
    MAX_DEPTH = 40         # a hard stop for pathological nesting

    def __init__(self, root: dict[str, Any], rng: random.Random, *, validator_factory=None):
        self.root = root
        self.rng = rng
        self.timestamps: dict[tuple, int] = {}
        self.schemas: dict[tuple, Any] = {}   # path -> resolved schema of the value last built there
        self._validator_factory = validator_factory

    # --- schema plumbing ----------------------------------------------------------------------
    def resolve(self, schema: Any, refs: tuple = ()) -> tuple[Any, tuple]:
        """Follow `$ref`s (local JSON pointers) and merge `allOf`; returns (schema, refs on the stack)."""
        hops = 0
        while isinstance(schema, dict) and "$ref" in schema and hops < 32:
            ref = schema["$ref"]
            target = self.pointer(ref)
            refs = refs + (ref,)
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            schema = merge(target, rest) if rest else target
            hops += 1
        if isinstance(schema, dict) and "allOf" in schema:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                part, refs = self.resolve(part, refs)
                merged = merge(merged, part)
            return self.resolve(merged, refs)
        return schema, refs

    def pointer(self, ref: str) -> Any:
        if not ref.startswith("#"):
            return {}
        node: Any = self.root
        for token in ref[1:].split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list):
                node = node[int(token)]
            elif isinstance(node, dict) and token in node:
                node = node[token]
            else:
                return {}
        return node

    @staticmethod
    def recursion(refs: tuple) -> int:
        return max((refs.count(r) for r in set(refs)), default=0) - 1 if refs else 0

    # --- values -------------------------------------------------------------------------------
    def value(self, schema: Any, name: str = "", path: tuple = (), refs: tuple = (), context: tuple = ()) -> Any:
        schema, refs = self.resolve(schema, refs)
        self.schemas[path] = schema
        if schema is True or schema is None or schema == {}:
            return self.by_name(name, path, context, {})
        if schema is False:
            raise Unsatisfiable(path)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return self.pick_enum(schema, name)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return self.branch(schema, key, name, path, refs, context)
        kind = self.pick_type(schema, name)
        if kind == "null":
            return None
        if kind == "object":
            return self.object(schema, name, path, refs, context)
        if kind == "array":
            return self.array(schema, name, path, refs, context)
        if kind == "boolean":
            return self.boolean(name)
        if kind == "integer":
            return self.integer(schema, name, context)
        if kind == "number":
            return self.number(schema, name, context)
        return self.string(schema, name, path, context)

    def by_name(self, name: str, path: tuple, context: tuple, schema: dict) -> Any:
        """A value for an untyped schema: whatever the name suggests."""
        if id_family(name):
            return self.integer({}, name, context)
        return self.string(schema, name, path, context)

    def pick_type(self, schema: dict, name: str) -> str:
        declared = schema.get("type")
        if isinstance(declared, str):
            return declared
        if isinstance(declared, list) and declared:
            options = [t for t in declared if t != "null"] or ["null"]
            if "string" in options and ("number" in options or "integer" in options):
                # money as a decimal string where allowed; other numbers as numbers
                return "string" if _is_money(name) else next(t for t in options if t != "string")
            return options[0]
        if "properties" in schema or "required" in schema or "additionalProperties" in schema:
            return "object"
        if "items" in schema or "prefixItems" in schema or "minItems" in schema:
            return "array"
        if "pattern" in schema or "minLength" in schema or "maxLength" in schema or "format" in schema:
            return "string"
        if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")):
            return "integer" if id_family(name) else "number"
        return "integer" if id_family(name) else "string"

    def pick_enum(self, schema: dict, name: str) -> Any:
        members = list(schema["enum"])
        if not members:
            raise Unsatisfiable(name)
        fitting = [m for m in members if scalar_fits(m, {k: v for k, v in schema.items() if k != "enum"})]
        members = fitting or members
        if _is_problem_name(name):  # an error / warning code: "none" where the enum has one
            calm = [m for m in members if m in ("", None) or _looks_unspecified(m) or m in ("OK", "NONE", "NO_ERROR")]
            if calm:
                return calm[0]
        real = [m for m in members if m not in ("", None) and not _looks_unspecified(m)]
        return self.rng.choice(real or members)

    def branch(self, schema: dict, key: str, name: str, path: tuple, refs: tuple, context: tuple) -> Any:
        base = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
        options = list(schema[key])
        resolved = [self.resolve(o, refs)[0] for o in options]
        # prefer branches that are not plain null, in order
        order = sorted(range(len(options)), key=lambda i: _is_null_schema(resolved[i]))
        check = self._checker(schema)
        last: Any = None
        for index in order:
            option = merge(base, options[index]) if base else options[index]
            try:
                candidate = self.value(option, name, path, refs, context)
            except Unsatisfiable:
                continue
            last = candidate
            if check is None or check(candidate):
                return candidate
        if last is None and not order:
            return self.value(base, name, path, refs, context)
        return last

    def _checker(self, schema: dict):
        if self._validator_factory is None:
            return None
        validator = self._validator_factory(schema)
        return validator.is_valid

    def object(self, schema: dict, name: str, path: tuple, refs: tuple, context: tuple) -> dict:
        shallow = self.recursion(refs) >= self.MAX_REF_DEPTH or len(path) > self.MAX_DEPTH
        props: dict = schema.get("properties") or {}
        required = list(schema.get("required") or ())
        out: dict[str, Any] = {}
        here = context + (name,) if name else context
        for key, sub in props.items():
            if shallow and key not in required:
                continue
            try:
                out[key] = self.value(sub, key, path + (key,), refs, here)
            except Unsatisfiable:
                if key in required:
                    raise
        extra = schema.get("additionalProperties", True)
        for key in required:
            if key not in out:
                sub = extra if isinstance(extra, dict) else {}
                out[key] = self.value(sub, key, path + (key,), refs, here)
        want = int(schema.get("minProperties") or 0)
        n = 0
        while len(out) < want and n < 100:
            key = f"{singular(name) or 'key'}_{n + 1}"
            n += 1
            if key not in out:
                out[key] = self.value(extra if isinstance(extra, dict) else {}, key, path + (key,), refs, here)
        return out

    def array(self, schema: dict, name: str, path: tuple, refs: tuple, context: tuple) -> list:
        low = int(schema.get("minItems") or 0)
        high = schema.get("maxItems")
        shallow = self.recursion(refs) >= self.MAX_REF_DEPTH or len(path) > self.MAX_DEPTH
        count = low if shallow or _is_problem_list(name) else max(low, self.rng.randint(1, 3))
        if high is not None:
            count = min(count, int(high))
        prefix = schema.get("prefixItems") or []
        items = schema.get("items", {})
        item_name = singular(name) if name else "item"
        out: list = []
        seen: list = []
        unique = schema.get("uniqueItems", False)
        attempts = 0
        while len(out) < count and attempts < count * 10 + 10:
            attempts += 1
            i = len(out)
            sub = prefix[i] if i < len(prefix) else items
            if sub is False:
                break
            value = self.value(sub, item_name, path + (i,), refs, context + (name,))
            if unique and value in seen:
                continue
            seen.append(value)
            out.append(value)
        return out

    def boolean(self, name: str) -> bool:
        words = _words(name)
        if name in ("has_next", "has_more", "is_last_page") or (words and words[0] == "has" and "next" in words):
            return name == "is_last_page"
        if words and words[-1] in ("error", "errors", "deleted", "archived", "blocked", "rejected", "failed",
                                   "cancelled", "canceled", "expired", "overdue", "disabled"):
            return False
        if name in ("result", "accepted", "is_possible", "approved", "confirmed", "done", "is_success") or (
                words and words[-1] in ("success", "ok", "enabled", "available", "active", "visible", "valid")):
            return True
        return self.rng.random() < 0.5

    def integer(self, schema: dict, name: str, context: tuple = ()) -> int:
        lowered = name.lower()
        words = _words(lowered)
        family = id_family(lowered)
        fmt = schema.get("format")
        rng = self.rng
        if lowered in ("last_id", "offset", "page_token"):
            value = 0
        elif family is not None:
            parent = singular(context[-1]) if context else ""
            family = family if family != "id" else (id_family(parent + "_id") if parent else "id")
            low, high = ID_RANGES.get(family or "", (100_000, 999_999_999))
            value = rng.randint(low, high)
        elif lowered in ("page", "page_count", "pages", "page_number"):
            value = 1
        elif lowered in ("year",):
            value = 2025
        elif lowered in ("month",):
            value = rng.randint(1, 12)
        elif "percent" in words or lowered.endswith("_percent") or lowered == "vat":
            value = rng.choice((5, 10, 15, 20, 25))
        elif any(w in _MONEY_WORDS for w in words) or "price" in words:
            value = int(price_value(rng))
        elif words and words[-1] in ("days", "hours"):
            value = rng.randint(1, 14)
        elif words and words[-1] in ("rating", "score", "stars"):
            value = rng.randint(3, 5)
        elif words and words[-1] in ("weight", "height", "width", "depth", "length", "volume"):
            value = rng.randint(50, 800)
        elif words and words[-1] in ("code", "status", "level", "version", "type", "priority"):
            value = rng.randint(1, 9)
        elif words and words[-1] in ("total", "count", "quantity", "qty", "present", "reserved", "stock",
                                     "stocks", "amount", "items", "limit", "num"):
            value = rng.randint(1, 40)
        else:
            value = rng.randint(1, 100)
        return fit_integer(value, schema, fmt)

    def number(self, schema: dict, name: str, context: tuple = ()) -> float | int:
        lowered = name.lower()
        words = _words(lowered)
        rng = self.rng
        if id_family(lowered) is not None:
            value: float = float(self.integer({"format": "int64"}, name, context))
        elif "latitude" in words or lowered == "lat":
            value = round(rng.uniform(43.0, 60.0), 6)
        elif "longitude" in words or lowered in ("lon", "lng"):
            value = round(rng.uniform(30.0, 60.0), 6)
        elif "percent" in words or "ratio" in words or "share" in words or "rate" in words or lowered == "vat":
            value = rng.choice((0.05, 0.1, 0.15, 0.2)) if ("ratio" in words or "rate" in words or lowered == "vat") \
                else float(rng.choice((5, 10, 12.5, 15, 20)))
        elif words and words[-1] in ("rating", "score"):
            value = round(rng.uniform(3.8, 5.0), 1)
        elif words and words[-1] in ("weight",):
            value = round(rng.uniform(0.1, 5.0), 2)
        elif words and words[-1] in ("height", "width", "depth", "length", "volume"):
            value = round(rng.uniform(5, 60), 1)
        elif any(w in _MONEY_WORDS for w in words):
            value = price_value(rng)
        elif words and words[-1] in ("count", "quantity", "qty", "total"):
            value = float(rng.randint(1, 40))
        else:
            value = round(rng.uniform(1, 1000), 2)
        return fit_number(value, schema)

    def string(self, schema: dict, name: str, path: tuple, context: tuple) -> str:
        fmt = schema.get("format")
        pattern = schema.get("pattern")
        if fmt == "date-time" or (fmt is None and pattern is None and is_timestamp_name(name)):
            self.timestamps[path] = timestamp_offset(name, self.rng)
            return TIMESTAMP_MARK
        text = self.string_by_name(name, fmt, context)
        if fmt:
            text = _format_value(fmt, text, self.rng)
        if pattern is not None and not _search(pattern, text):
            text = from_regex(pattern, self.rng)
        return fit_length(text, schema, self.rng)

    def string_by_name(self, name: str, fmt: str | None, context: tuple) -> str:
        rng = self.rng
        lowered = name.lower()
        words = _words(lowered)
        last = words[-1] if words else ""
        ctx = " ".join(context[-3:]).lower()
        family = id_family(lowered)
        if fmt in ("int64", "uint64", "int32", "uint32"):
            if family:
                return str(self.integer({}, name, context))
            return str(rng.randint(1, 100))
        if fmt in ("double", "float"):
            return f"{price_value(rng):.2f}"
        if lowered in ("last_id", "cursor", "next_cursor", "page_token", "next_page_token", "offset"):
            return ""
        if "posting_number" in lowered or lowered in ("posting", "postings"):
            return posting_number(rng)
        if lowered in ("order_number", "supply_order_number") or lowered.endswith("order_number"):
            return f"{rng.randint(10_000_000, 99_999_999)}-{rng.randint(1, 999):04d}"
        if "barcode" in lowered or last in ("ean", "gtin"):
            return ean13(rng)
        if lowered in ("offer_id", "offer_ids", "item_code", "contractor_item_code", "article", "vendor_code") \
                or lowered.endswith("offer_id"):
            return offer_code(rng)
        if "uuid" in words or "guid" in words or lowered in ("chat_id", "operation_id", "file", "key", "uid",
                                                             "file_uuid", "request_id", "trace_id", "message_id"):
            return _uuid(rng)
        if family is not None:
            if family.endswith("sku") or family in ("product", "sku"):
                return str(rng.randint(*ID_RANGES["sku"]))
            low, high = ID_RANGES.get(family, (10_000_000, 999_999_999))
            return str(rng.randint(low, high))
        if last in ("currency", "code") and ("currency" in words) or lowered in ("currency", "currency_code") \
                or lowered.endswith("_currency") or lowered.endswith("currency_code"):
            return "RUB"
        if lowered in ("vat",):
            return "0.2"
        if lowered in ("content_type", "mime_type"):
            return "application/pdf"
        if lowered in ("file_content", "content", "data") or fmt == "byte":
            return TINY_PDF
        if lowered in ("file_name", "filename"):
            return f"document_{rng.randint(1000, 9999)}.pdf"
        if any(w in ("url", "link", "href", "uri") for w in words) or last in ("image", "images", "picture",
                                                                               "photo", "icon", "images360"):
            if "product" in words and ("url" in words or "link" in words):
                return f"https://www.ozon.ru/product/{rng.randint(100_000_000, 2_999_999_999)}/"
            if any(w in ("file", "label", "document", "act", "pdf", "report") for w in words):
                return cdn_file(rng)
            return cdn_image(rng)
        if last in ("price", "amount", "cost", "sum", "payout", "commission", "charge", "fee", "balance") or \
                lowered in ("min_price", "old_price", "marketing_price", "seller_price", "delivery_price"):
            return f"{price_value(rng):.2f}"
        if last in ("phone", "phones"):
            return f"+7{rng.choice(PHONE_CODES)}{rng.randint(1_000_000, 9_999_999)}"
        if last in ("email", "mail"):
            user = rng.choice(("ivan", "anna", "sergey", "maria", "shop", "seller"))
            return f"{user}{rng.randint(1, 999)}@example.ru"
        if last in ("inn",):
            return _digits(rng, 10)
        if last in ("kpp",):
            return _digits(rng, 9)
        if last in ("ogrn",):
            return _digits(rng, 13)
        if last in ("bik", "bic"):
            return "04" + _digits(rng, 7)
        if last in ("zip", "zipcode", "postcode", "index") or lowered.endswith("zip_code"):
            return f"{rng.randint(101000, 690000)}"
        if last in ("address", "addresses") or lowered in ("formatted", "address_tail"):
            return address(rng)
        if last in ("city", "settlement", "town", "locality"):
            return rng.choice(CITIES)
        if last in ("region", "province", "area", "state_name") and "region" in words or last == "province":
            return rng.choice(REGIONS)
        if last in ("country",):
            return "Россия"
        if lowered in ("country_code", "country_iso_code", "iso_code", "country_iso"):
            return "RU"
        if last in ("street",):
            return rng.choice(STREETS)
        if last in ("house", "building"):
            return str(rng.randint(1, 120))
        if last in ("district",):
            return "Центральный"
        if last in ("timezone", "tz") or lowered in ("iana_name", "timezone_name", "warehouse_timezone_name"):
            return "Europe/Moscow"
        if last in ("utc", "offset") or lowered == "utc_offset":
            return "UTC+03:00"
        if last == "local" or lowered.endswith("_time") or last == "time":
            return f"{rng.randint(8, 20):02d}:00"
        if last in ("tracking_number",) or lowered.endswith("tracking_number"):
            return f"RU{rng.randint(100_000_000, 999_999_999)}RU"
        if last in ("gtd",) or lowered == "gtd_number":
            return f"10702070/{rng.randint(10, 28):02d}0{rng.randint(1, 9)}25/{rng.randint(1000000, 9999999)}"
        if last in ("rnpt",) or lowered == "rnpt_number":
            return f"10702070/150125/{rng.randint(1000000, 9999999)}/{rng.randint(1, 99)}"
        if "mark" in words and "mandatory" in words or lowered in ("mark", "exemplar_mark", "jw_uin"):
            return f"01{_digits(rng, 14)}21{_uuid(rng)[:6]}"
        if lowered in ("vehicle_registration_number", "car_number", "vehicle_number", "vehicle_license_plate"):
            letters = VEHICLE_LETTERS
            region = rng.choice((77, 97, 177, 50, 750))
            return f"{rng.choice(letters)}{rng.randint(100, 999)}{rng.choice(letters)}{rng.choice(letters)}{region}"
        if lowered in ("vehicle_model", "car_model", "vehicle_type"):
            return rng.choice(("ГАЗель Next", "Ford Transit", "Hyundai Porter", "Lada Largus"))
        if last in ("error", "errors") or lowered in ("error_message", "error_code", "order_error", "seller_error",
                                                     "error_for_user", "error_reason", "why_not_cancellable"):
            return ""
        if last in ("color", "colour"):
            return rng.choice(COLORS)
        if last in ("brand",) or lowered == "brand_name":
            return rng.choice(BRANDS)
        if lowered in ("tpl_provider", "tpl_provider_name", "delivery_service", "carrier", "transport_company_name"):
            return rng.choice(TPL_PROVIDERS)
        if lowered in ("delivery_method_name",):
            return f"Ozon Логистика курьеру, {rng.choice(CITIES)}"
        if lowered in ("platform_name",):
            return "Ozon"
        if last == "name" or lowered in ("title", "display_name", "full_name", "short_name", "item_name"):
            owner = " ".join(words[:-1]) if last == "name" else ""
            where = owner or ctx
            if any(w in where for w in ("warehouse", "storage", "place", "clearing", "destination")):
                return rng.choice(WAREHOUSES)
            if "cluster" in where:
                return rng.choice(CLUSTERS)
            if any(w in where for w in ("category", "type")):
                return rng.choice(CATEGORIES)
            if any(w in where for w in ("company", "legal", "payer", "receiver", "seller", "partner", "contractor",
                                        "organization", "organisation", "supplier")):
                return rng.choice(COMPANIES)
            if any(w in where for w in ("first",)):
                return rng.choice(FIRST_NAMES)
            if any(w in where for w in ("last", "surname")):
                return rng.choice(LAST_NAMES)
            if any(w in where for w in ("middle", "patronymic")):
                return rng.choice(PATRONYMICS)
            if any(w in where for w in ("driver", "author", "customer", "client", "user", "sender", "addressee",
                                        "courier", "buyer", "recipient", "person", "employee", "contact")):
                return person(rng)
            if any(w in where for w in ("attribute", "characteristic")):
                return rng.choice(("Цвет товара", "Бренд", "Материал", "Вес товара, г", "Страна-изготовитель"))
            if any(w in where for w in ("city",)):
                return rng.choice(CITIES)
            if any(w in where for w in ("tpl", "provider", "delivery", "carrier")):
                return rng.choice(TPL_PROVIDERS)
            if any(w in where for w in ("file", "document", "report")):
                return f"document_{rng.randint(1000, 9999)}.pdf"
            return product_name(rng)
        if last in ("patronymic", "middle_name"):
            return rng.choice(PATRONYMICS)
        if lowered == "first_name":
            return rng.choice(FIRST_NAMES)
        if lowered == "last_name":
            return rng.choice(LAST_NAMES)
        if last in ("comment", "text", "description", "message", "answer", "question", "reason", "hint", "msg",
                    "tooltip", "info", "note", "notes"):
            return rng.choice(SENTENCES)
        if last in ("warehouse",) or "warehouse" in words and last in ("name", "title"):
            return rng.choice(WAREHOUSES)
        if last in ("cluster", "cluster_from", "cluster_to") or lowered.startswith("cluster_"):
            return rng.choice(CLUSTERS)
        if last in ("status", "state", "substatus"):
            if "posting" in " ".join(context) or "posting" in words:
                return rng.choice(("awaiting_packaging", "awaiting_deliver", "delivering", "delivered"))
            return rng.choice(("active", "processed", "completed"))
        if last in ("type", "schema", "kind", "mode", "source", "method"):
            return rng.choice(("standard", "regular", "default"))
        if last in ("query", "search"):
            return rng.choice(("кружка", "футболка мужская", "рюкзак школьный", "наушники беспроводные"))
        if last in ("number",):
            return _digits(rng, 8)
        if last in ("category",):
            return rng.choice(CATEGORIES)
        if last in ("unit", "units"):
            return rng.choice(("шт", "г", "мм"))
        if last in ("size",) or "size" in words:
            return rng.choice(("S", "M", "L", "XL", "42", "44"))
        if last in ("code",):
            return f"{rng.choice(CODE_PREFIXES)}{rng.randint(100, 999)}"
        if last in ("value", "values"):
            return rng.choice(COLORS + ("хлопок", "керамика", "Россия", "Китай"))
        if last in ("rating", "score"):
            return f"{rng.uniform(4.0, 5.0):.1f}"
        if last in ("ratio", "rate", "share"):
            return rng.choice(("0.05", "0.1", "0.15", "0.2"))
        if last in ("percent",):
            return str(rng.choice((5, 10, 15, 20)))
        if last in ("coordinates", "coords", "location"):
            return f"{rng.uniform(44, 60):.6f},{rng.uniform(30, 60):.6f}"
        if lowered in ("available_actions", "actions", "action"):
            return rng.choice(("ship", "cancel", "arbitration", "set_timeslot"))
        if last in ("version",):
            return f"{rng.randint(1, 3)}.{rng.randint(0, 9)}"
        return rng.choice(WORDS)


def _is_problem_name(name: str) -> bool:
    words = _words(name)
    return any(w in ("error", "errors", "warning", "warnings", "failure", "failures") for w in words)


def _is_problem_list(name: str) -> bool:
    """Lists of errors / warnings: empty in a generated success response."""
    words = _words(name)
    return bool(words) and (words[-1] in ("errors", "warnings", "failures") or name in ("error_reasons",))


def _is_money(name: str) -> bool:
    words = _words(name)
    return bool(words) and (words[-1] in _MONEY_WORDS or "price" in words or words[-1] in ("amount", "sum"))


def _looks_unspecified(member: Any) -> bool:
    if not isinstance(member, str):
        return False
    upper = member.upper()
    return upper.endswith("UNSPECIFIED") or upper.endswith("UNKNOWN") or upper in ("UNDEFINED", "NONE", "UNSET")


def _is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "null" or schema.get("const", 0) is None)


def merge(a: Any, b: Any) -> Any:
    """A shallow `allOf` merge: properties and required united, bounds tightened, the rest last-wins."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return b if isinstance(b, dict) else a
    out = dict(a)
    for key, value in b.items():
        if key == "properties" and isinstance(out.get(key), dict):
            props = dict(out[key])
            for prop, sub in value.items():
                props[prop] = {"allOf": [props[prop], sub]} if prop in props else sub
            out[key] = props
        elif key == "required" and key in out:
            out[key] = list(dict.fromkeys(list(out[key]) + list(value)))
        elif key == "type" and key in out:
            left = out[key] if isinstance(out[key], list) else [out[key]]
            right = value if isinstance(value, list) else [value]
            both = [t for t in left if t in right or (t == "number" and "integer" in right)]
            both += [t for t in right if t == "integer" and "number" in left and t not in both]
            out[key] = both if len(both) != 1 else both[0]
        elif key in ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties") and key in out:
            out[key] = max(out[key], value)
        elif key in ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties") and key in out:
            out[key] = min(out[key], value)
        elif key == "enum" and key in out:
            out[key] = [m for m in out[key] if m in value]
        elif key in ("anyOf", "oneOf", "allOf") and key in out:
            out.setdefault("allOf", [])
            out["allOf"] = list(out.get("allOf", [])) + [{key: value}]
        else:
            out[key] = value
    return out


# --- constraints on scalars ----------------------------------------------------------------------
_INT_BOUNDS = {"int32": (-2**31, 2**31 - 1), "uint32": (0, 2**32 - 1), "int64": (-2**63, 2**63 - 1),
               "uint64": (0, 2**64 - 1)}


def fit_integer(value: int, schema: dict, fmt: str | None = None) -> int:
    low, high = _INT_BOUNDS.get(fmt or schema.get("format") or "", (None, None))
    if "minimum" in schema:
        low = max(low, math.ceil(schema["minimum"])) if low is not None else math.ceil(schema["minimum"])
    if "exclusiveMinimum" in schema and not isinstance(schema["exclusiveMinimum"], bool):
        bound = math.floor(schema["exclusiveMinimum"]) + 1
        low = max(low, bound) if low is not None else bound
    if "maximum" in schema:
        high = min(high, math.floor(schema["maximum"])) if high is not None else math.floor(schema["maximum"])
    if "exclusiveMaximum" in schema and not isinstance(schema["exclusiveMaximum"], bool):
        bound = math.ceil(schema["exclusiveMaximum"]) - 1
        high = min(high, bound) if high is not None else bound
    if high is not None and low is not None and value > high and high - low > 100 and high > 100:
        value = low + (value % (high - low)) if value > high else value
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    step = schema.get("multipleOf")
    if step and isinstance(step, (int, float)) and step > 0:
        value = int(math.ceil(value / step) * step) if float(step).is_integer() else value
        if high is not None and value > high:
            value = int(math.floor(high / step) * step)
    return int(value)


def fit_number(value: float, schema: dict) -> float | int:
    low = schema.get("minimum")
    high = schema.get("maximum")
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    xlow = schema.get("exclusiveMinimum")
    xhigh = schema.get("exclusiveMaximum")
    if isinstance(xlow, (int, float)) and not isinstance(xlow, bool) and value <= xlow:
        value = xlow + (min(1, (xhigh - xlow) / 2) if isinstance(xhigh, (int, float)) else 1)
    if isinstance(xhigh, (int, float)) and not isinstance(xhigh, bool) and value >= xhigh:
        value = xhigh - (min(1, (xhigh - xlow) / 2) if isinstance(xlow, (int, float)) else 1)
    step = schema.get("multipleOf")
    if step and isinstance(step, (int, float)) and step > 0:
        value = math.ceil(value / step) * step
        if high is not None and value > high:
            value = math.floor(high / step) * step
        if float(step).is_integer():
            value = int(value)
    return value


def fit_length(text: str, schema: dict, rng: random.Random) -> str:
    low = schema.get("minLength")
    high = schema.get("maxLength")
    if high is not None and len(text) > high:
        text = text[: int(high)]
    if low is not None and len(text) < low:
        filler = "0123456789" if text.isascii() else "абвгдежзик"
        text = text + "".join(rng.choice(filler) for _ in range(int(low) - len(text)))
    return text


def _search(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return True


def _format_value(fmt: str, text: str, rng: random.Random) -> str:
    if fmt == "date":
        return "2026-01-15" if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else text
    if fmt == "time":
        return "09:00:00Z"
    if fmt == "email" and "@" not in text:
        return f"seller{rng.randint(1, 999)}@example.ru"
    if fmt in ("uri", "url", "iri") and "://" not in text:
        return cdn_file(rng)
    if fmt == "uuid" and not re.fullmatch(r"[0-9a-f-]{36}", text):
        return _uuid(rng)
    if fmt == "ipv4":
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if fmt in ("int64", "uint64", "int32", "uint32") and not text.lstrip("-").isdigit():
        return str(rng.randint(1, 100_000))
    if fmt == "byte":
        try:
            base64.b64decode(text, validate=True)
            return text
        except Exception:
            return TINY_PDF
    return text


def scalar_fits(value: Any, schema: dict) -> bool:
    """Does a scalar satisfy a schema's type, enum, const, bounds, length and pattern keywords?
    (A fast pre-check for echo and conform; the full validator has the last word.)"""
    if not isinstance(schema, dict):
        return schema is not False
    declared = schema.get("type")
    if declared is not None:
        types = declared if isinstance(declared, list) else [declared]
        if not any(_is_type(value, t) for t in types):
            return False
    if "enum" in schema and not any(_same(value, m) for m in schema["enum"]):
        return False
    if "const" in schema and not _same(value, schema["const"]):
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            return False
        if "maximum" in schema and value > schema["maximum"]:
            return False
        x = schema.get("exclusiveMinimum")
        if isinstance(x, (int, float)) and not isinstance(x, bool) and value <= x:
            return False
        x = schema.get("exclusiveMaximum")
        if isinstance(x, (int, float)) and not isinstance(x, bool) and value >= x:
            return False
        bounds = _INT_BOUNDS.get(schema.get("format") or "")
        if bounds and isinstance(value, int) and not bounds[0] <= value <= bounds[1]:
            return False
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            return False
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return False
        if "pattern" in schema and not _search(schema["pattern"], value):
            return False
        if schema.get("format") == "date-time" and not _is_datetime(value):
            return False
    return True


def _is_datetime(text: str) -> bool:
    from datetime import datetime
    if "T" not in text.upper():
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return True


def _same(a: Any, b: Any) -> bool:
    return a == b and (isinstance(a, bool) == isinstance(b, bool))


def _is_type(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


# --- strings from regular expressions -----------------------------------------------------------
def from_regex(pattern: str, rng: random.Random) -> str:
    """A short string matching `pattern` (as `re.search` reads it), built from the parsed regex."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return ""
    groups: dict[int, str] = {}
    try:
        text = _emit(parsed, rng, groups)
    except Exception:  # exotic constructs: fall back to the empty string
        return ""
    return text


_CATEGORY_CHARS = {
    sre_c.CATEGORY_DIGIT: "0123456789",
    sre_c.CATEGORY_NOT_DIGIT: "abcdefxyz",
    sre_c.CATEGORY_SPACE: " ",
    sre_c.CATEGORY_NOT_SPACE: "abcdef012",
    sre_c.CATEGORY_WORD: "abcdefghijklmnopqrstuvwxyz0123456789",
    sre_c.CATEGORY_NOT_WORD: "-.,",
}


def _emit(parsed: Iterable, rng: random.Random, groups: dict[int, str]) -> str:
    out: list[str] = []
    for op, arg in parsed:
        if op is sre_c.LITERAL:
            out.append(chr(arg))
        elif op is sre_c.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op is sre_c.ANY:
            out.append("x")
        elif op is sre_c.IN:
            out.append(_from_set(arg, rng))
        elif op is sre_c.BRANCH:
            out.append(_emit(rng.choice(arg[1]), rng, groups))
        elif op is sre_c.SUBPATTERN:
            group, sub = arg[0], arg[-1]
            text = _emit(sub, rng, groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            low, high, sub = arg
            high = low + 3 if high is sre_c.MAXREPEAT else high
            count = rng.randint(low, max(low, min(high, low + 2)))
            out.extend(_emit(sub, rng, groups) for _ in range(count))
        elif op is sre_c.GROUPREF:
            out.append(groups.get(arg, ""))
        elif op is getattr(sre_c, "ATOMIC_GROUP", None):
            out.append(_emit(arg, rng, groups))
        # AT (anchors), ASSERT, ASSERT_NOT: nothing to emit
    return "".join(out)


def _from_set(items: list, rng: random.Random) -> str:
    negate = bool(items) and items[0][0] is sre_c.NEGATE
    if negate:
        excluded = set()
        for op, arg in items[1:]:
            if op is sre_c.LITERAL:
                excluded.add(chr(arg))
            elif op is sre_c.RANGE:
                excluded.update(chr(c) for c in range(arg[0], min(arg[1], arg[0] + 300) + 1))
            elif op is sre_c.CATEGORY:
                excluded.update(_CATEGORY_CHARS.get(arg, ""))
        for candidate in "abcxyzABC019-_ ":
            if candidate not in excluded:
                return candidate
        return "~"
    choices: list[str] = []
    for op, arg in items:
        if op is sre_c.LITERAL:
            choices.append(chr(arg))
        elif op is sre_c.RANGE:
            low, high = arg
            choices.append(chr(rng.randint(low, min(high, low + 25))))
        elif op is sre_c.CATEGORY:
            choices.append(rng.choice(_CATEGORY_CHARS.get(arg, "a")))
    return rng.choice(choices) if choices else "a"


# --- documented examples, bent to their schema -----------------------------------------------------
_NUMERIC = re.compile(r"^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$")
_INTEGRAL = re.compile(r"^\s*-?\d+\s*$")


def coerce(value: Any, kind: str) -> tuple[bool, Any]:
    """protojson-style coercion of `value` to JSON type `kind`: (ok, coerced)."""
    if _is_type(value, kind):
        if kind == "integer" and isinstance(value, float):
            return True, int(value)
        return True, value
    if kind == "integer":
        if isinstance(value, str) and _INTEGRAL.match(value):
            return True, int(value)
        if isinstance(value, str) and _NUMERIC.match(value) and float(value).is_integer():
            return True, int(float(value))
    elif kind == "number":
        if isinstance(value, str) and _NUMERIC.match(value):
            number = float(value)
            if math.isfinite(number):
                return True, int(number) if _INTEGRAL.match(value) else number
    elif kind == "string":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return True, str(value)
    elif kind == "boolean":
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return True, value.strip().lower() == "true"
        if isinstance(value, int) and value in (0, 1):
            return True, bool(value)
    elif kind == "array":
        if not isinstance(value, (dict, list)) and value is not None:
            return True, [value]
    return False, None


# The last page, always: a fake that answers every page the same must not promise another one,
# or a client that follows `has_next` / `last_id` / `cursor` loops for ever.
LAST_PAGE: dict[str, Any] = {"has_next": False, "has_more": False, "last_id": "", "cursor": "",
                             "next_cursor": "", "next_page_token": "", "page_token": ""}


def is_placeholder(value: Any, name: str, filler_example: bool = False) -> bool:
    """The docs' filler values: "string" anywhere and, in examples written with such fillers
    (swagger's autogenerated ones), 0 / "0" / "" where an id belongs. Real examples keep their
    zero ids: Ozon sends 0 for "none" (cancel_reason_id of a live posting)."""
    if value == "string":
        return True
    if filler_example and id_family(name) is not None and (value in (0, "0", "") and not isinstance(value, bool)):
        # ...except where 0 reads as "none": no cancel reason, no parent
        return not any(w in _words(name) for w in ("reason", "parent", "previous"))
    return False


def has_fillers(example: Any) -> bool:
    """Was this example written with the docs' "string" fillers?"""
    if isinstance(example, dict):
        return any(has_fillers(v) for v in example.values())
    if isinstance(example, list):
        return any(has_fillers(v) for v in example)
    return example == "string"


class Conformer(Synthesizer):
    """Keeps what a documented example says where the schema allows it; fills in the rest."""

    filler_example = False

    def conform(self, value: Any, schema: Any, name: str = "", path: tuple = (), refs: tuple = (),
                context: tuple = ()) -> Any:
        out = self._conform(value, schema, name, path, refs, context)
        if name in LAST_PAGE and out != LAST_PAGE[name] and type(out) is type(LAST_PAGE[name]):
            resolved = self.schemas.get(path)
            if scalar_fits(LAST_PAGE[name], resolved if isinstance(resolved, dict) else {}):
                out = LAST_PAGE[name]
        return out

    def _conform(self, value: Any, schema: Any, name: str, path: tuple, refs: tuple, context: tuple) -> Any:
        schema, refs = self.resolve(schema, refs)
        self.schemas[path] = schema
        if schema is False:
            raise Unsatisfiable(path)
        if is_placeholder(value, name, self.filler_example):
            return self.value(schema, name, path, refs, context)
        if schema is True or schema is None or schema == {}:
            if isinstance(value, dict):
                return {k: self.conform(v, {}, k, path + (k,), refs, context + (name,)) for k, v in value.items()}
            if isinstance(value, list):
                return [self.conform(v, {}, singular(name), path + (i,), refs, context + (name,))
                        for i, v in enumerate(value)]
            return value
        if "const" in schema:
            return schema["const"]
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return self.conform_branch(value, schema, key, name, path, refs, context)
        declared = schema.get("type")
        if declared is None:
            kinds = [self.pick_type(schema, name)] if any(
                k in schema for k in ("properties", "items", "pattern", "minimum", "maximum", "required",
                                      "minItems", "maxItems", "minLength", "maxLength", "format")) else []
        else:
            kinds = declared if isinstance(declared, list) else [declared]
        kind = None
        if not kinds or any(_is_type(value, k) for k in kinds):
            kind = next((k for k in kinds if _is_type(value, k)), type_of(value))
            if kind == "number" and "integer" in kinds and _is_type(value, "integer"):
                kind = "integer"
            _, value = coerce(value, kind)
        else:
            for candidate in kinds:
                ok, coerced = coerce(value, candidate)
                if ok:
                    kind, value = candidate, coerced
                    break
        if kind is None:
            return self.value(schema, name, path, refs, context)
        if "enum" in schema:
            if any(_same(value, m) for m in schema["enum"]):
                return value
            for candidate in kinds:
                ok, coerced = coerce(value, candidate)
                if ok and any(_same(coerced, m) for m in schema["enum"]):
                    return coerced
            near = _nearest_member(value, schema["enum"])
            return near if near is not None else self.pick_enum(schema, name)
        if kind == "object":
            return self.conform_object(value, schema, name, path, refs, context)
        if kind == "array":
            return self.conform_array(value, schema, name, path, refs, context)
        if kind in ("integer", "number"):
            if scalar_fits(value, schema):
                return value
            return fit_integer(value, schema) if kind == "integer" else fit_number(value, schema)
        if kind == "string":
            if scalar_fits(value, schema) and _format_value(schema.get("format") or "", value, self.rng) == value:
                return value
            return self.value(schema, name, path, refs, context)
        return value

    def conform_branch(self, value, schema, key, name, path, refs, context):
        base = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
        check = self._checker(schema)
        options = list(schema[key])
        if check is not None and check(value):
            return value
        resolved = [self.resolve(o, refs)[0] for o in options]
        # branches whose declared type matches the value first
        order = sorted(range(len(options)), key=lambda i: not _type_matches(value, resolved[i]))
        for index in order:
            option = merge(base, options[index]) if base else options[index]
            try:
                candidate = self.conform(value, option, name, path, refs, context)
            except Unsatisfiable:
                continue
            if check is None or check(candidate):
                return candidate
        return self.value(schema, name, path, refs, context)

    def conform_object(self, value: dict, schema, name, path, refs, context) -> dict:
        props: dict = schema.get("properties") or {}
        extra = schema.get("additionalProperties", True)
        here = context + (name,) if name else context
        out: dict[str, Any] = {}
        for key, sub in props.items():
            try:
                if key in value:
                    out[key] = self.conform(value[key], sub, key, path + (key,), refs, here)
                else:
                    out[key] = self.value(sub, key, path + (key,), refs, here)
            except Unsatisfiable:
                if key in (schema.get("required") or ()):
                    raise
        patterns = schema.get("patternProperties") or {}
        for key, item in value.items():
            if key in props:
                continue
            matched = [sub for pat, sub in patterns.items() if _search(pat, key)]
            if matched:
                out[key] = self.conform(item, {"allOf": matched}, key, path + (key,), refs, here)
            elif extra is False:
                continue
            elif isinstance(extra, dict):
                out[key] = self.conform(item, extra, key, path + (key,), refs, here)
            else:
                out[key] = self.conform(item, {}, key, path + (key,), refs, here)
        for key in schema.get("required") or ():
            if key not in out:
                out[key] = self.value(extra if isinstance(extra, dict) else {}, key, path + (key,), refs, here)
        return out

    def conform_array(self, value: list, schema, name, path, refs, context) -> list:
        prefix = schema.get("prefixItems") or []
        items = schema.get("items", {})
        item_name = singular(name) if name else "item"
        out = []
        for i, item in enumerate(value):
            sub = prefix[i] if i < len(prefix) else items
            if sub is False:
                break
            out.append(self.conform(item, sub, item_name, path + (i,), refs, context + (name,)))
        if schema.get("uniqueItems"):
            unique: list = []
            for item in out:
                if item not in unique:
                    unique.append(item)
            out = unique
        high = schema.get("maxItems")
        if high is not None:
            out = out[: int(high)]
        low = int(schema.get("minItems") or 0)
        attempts = 0
        while len(out) < low and attempts < low * 10 + 10:
            attempts += 1
            i = len(out)
            sub = prefix[i] if i < len(prefix) else items
            candidate = self.value(sub, item_name, path + (i,), refs, context + (name,))
            if schema.get("uniqueItems") and candidate in out:
                continue
            out.append(candidate)
        return out


def _type_matches(value: Any, schema: Any) -> bool:
    if not isinstance(schema, dict) or "type" not in schema:
        return False
    declared = schema["type"]
    kinds = declared if isinstance(declared, list) else [declared]
    return any(_is_type(value, k) for k in kinds)


def _nearest_member(value: Any, members: list) -> Any:
    """The enum member an example meant: same letters in another case ("Fast" -> "FAST"), or the
    member that is the example plus a prefix ("CANCELLED" -> "STATUS_CANCELLED")."""
    if not isinstance(value, str) or not value:
        return None
    wanted = re.sub(r"[^0-9a-zа-яё]+", "_", value.lower()).strip("_")
    if not wanted:
        return None
    names = [(m, re.sub(r"[^0-9a-zа-яё]+", "_", m.lower()).strip("_")) for m in members if isinstance(m, str)]
    for member, norm in names:
        if norm == wanted:
            return member
    suffixed = [member for member, norm in names if norm.endswith("_" + wanted)]
    return suffixed[0] if len(suffixed) == 1 else None
