"""Fixed Russian word lists and the realistic identifiers made from them (EAN-13 barcodes, posting
numbers, article codes, CDN links).

The lists are ours and never change: a locale library would drift between versions and change the
bodies a seed produces. Every maker takes the caller's `random.Random`; nothing here is global.
"""
from __future__ import annotations

import base64
import random

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
PRICES = (199, 299, 349, 499, 590, 799, 990, 1199, 1499, 1990, 2490, 3290, 4990)

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


def uuid4_text(rng: random.Random) -> str:
    """A version-4 UUID drawn from `rng` (uuid.uuid4 would read the OS entropy pool)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def digits(rng: random.Random, n: int) -> str:
    """`n` digits without a leading zero (INN, KPP, OGRN...)."""
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
    return f"https://cdn1.ozone.ru/s3/ozon-seller-files/{uuid4_text(rng)}.{ext}"


def price_value(rng: random.Random) -> float:
    return float(rng.choice(PRICES))
