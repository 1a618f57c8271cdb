"""Reference data for the orders area: cities and addresses, buyer names, Ozon warehouses, delivery
providers, cancellation reasons, countries. Values are realistic but made up; ids that the
documentation fixes (cancellation reasons 352/400/401/402/665/666/667, the Ozon delivery provider
24) keep their documented meaning."""
from __future__ import annotations

import random
from typing import Any

# (city, region, zip, latitude, longitude, cluster)
CITIES = [
    ("Москва", "Москва", "101000", 55.7558, 37.6173, "Москва, МО и Дальние регионы"),
    ("Санкт-Петербург", "Санкт-Петербург", "190000", 59.9343, 30.3351, "Санкт-Петербург и СЗО"),
    ("Казань", "Республика Татарстан", "420111", 55.7961, 49.1064, "Казань"),
    ("Екатеринбург", "Свердловская область", "620014", 56.8389, 60.6057, "Екатеринбург"),
    ("Новосибирск", "Новосибирская область", "630099", 55.0084, 82.9357, "Новосибирск"),
    ("Ростов-на-Дону", "Ростовская область", "344002", 47.2357, 39.7015, "Ростов"),
    ("Нижний Новгород", "Нижегородская область", "603005", 56.3269, 44.0059, "Нижний Новгород"),
    ("Краснодар", "Краснодарский край", "350000", 45.0355, 38.9753, "Краснодар"),
    ("Самара", "Самарская область", "443099", 53.1959, 50.1002, "Самара"),
    ("Воронеж", "Воронежская область", "394018", 51.6720, 39.1843, "Воронеж"),
]
STREETS = ["ул. Ленина", "ул. Советская", "пр-т Мира", "ул. Гагарина", "ул. Пушкина", "ул. Садовая",
           "ул. Лесная", "ул. Молодёжная", "ул. Центральная", "наб. Речная"]
FIRST_NAMES = [("Иван", "Петров"), ("Анна", "Смирнова"), ("Сергей", "Кузнецов"), ("Ольга", "Попова"),
               ("Дмитрий", "Васильев"), ("Мария", "Соколова"), ("Алексей", "Михайлов"), ("Елена", "Новикова"),
               ("Павел", "Фёдоров"), ("Наталья", "Морозова"), ("Андрей", "Волков"), ("Татьяна", "Алексеева")]
COMPANIES = [("ООО «Вектор»", "7701234567", "770101001"), ("АО «Северный ветер»", "7812345678", "781201001"),
             ("ООО «Техносфера»", "1655123456", "165501001")]

# Ozon fulfilment warehouses (FBO postings ship from here; supplies go here).
OZON_WAREHOUSES = [
    (15431806189000, "ХОРУГВИНО_РФЦ", "Московская обл., д. Хоругвино, 1"),
    (22387155279000, "ТВЕРЬ_РФЦ", "Тверская обл., Тверь, ул. Индустриальная, 9"),
    (18044249781000, "КАЗАНЬ_РФЦ_НОВЫЙ", "Республика Татарстан, Зеленодольск, ул. Промышленная, 3"),
    (22542353405000, "ЕКАТЕРИНБУРГ_РФЦ_НОВЫЙ", "Свердловская обл., Екатеринбург, ул. Черняховского, 104"),
]

# Delivery providers.
OZON_PROVIDER = (24, "Доставка Ozon")
SELLER_PROVIDER = (0, "Доставка продавцом")
CROSSBORDER_PROVIDERS = [(1, "China Post"), (2, "DHL"), (3, "Cainiao"), (4, "Почта России")]

# FBS / rFBS cancellation reasons: id -> (title, type_id, seller may use it in /v2/posting/fbs/cancel).
CANCEL_REASONS: dict[int, tuple[str, str, bool]] = {
    352: ("Товар закончился на складе продавца", "seller", True),
    400: ("Остался только бракованный товар", "seller", True),
    401: ("Продавец отклонил арбитраж", "seller", False),
    402: ("Другое (вина продавца)", "seller", True),
    665: ("Покупатель не забрал заказ", "seller", False),
    666: ("Возврат из службы доставки: нет доставки в указанный регион", "seller", False),
    667: ("Заказ утерян службой доставки", "seller", False),
}
REASON_OTHER = 402                   # needs cancel_reason_message
CONDITIONAL_REASONS = (665, 666, 667)  # the only ones for an rFBS posting already on its way
# Reasons the seller does not choose (buyer / Ozon / system cancellations).
BUYER_REASON = (361, "Другое", "buyer")
AUTO_CANCEL_REASON = (358, "Отправление не собрано к дате отгрузки")
BUYER_CANCEL_REASONS = {
    361: "Другое",
    507: "Покупатель передумал",
    508: "Покупатель нашёл дешевле",
    509: "Изменились сроки доставки",
}

# The legacy v1 order API and crossborder legacy lists (ids and titles as the old docs print them).
LEGACY_ORDER_REASONS = [(352, "Product is out of stock"), (353, "Product with wrong price"), (358, "Canceled by seller")]
CROSSBORDER_REASONS = [(361, "Other", "buyer"), (352, "Product is out of stock", "seller"),
                       (353, "Product with wrong price", "seller")]

COUNTRIES = [("RU", "Россия"), ("CN", "Китай"), ("BY", "Беларусь"), ("KZ", "Казахстан"), ("TR", "Турция"),
             ("DE", "Германия"), ("IT", "Италия"), ("UZ", "Узбекистан"), ("IN", "Индия"), ("VN", "Вьетнам"),
             ("US", "США"), ("FR", "Франция"), ("KR", "Республика Корея"), ("JP", "Япония"), ("PL", "Польша")]
COUNTRY_NAMES = dict(COUNTRIES)

# Return reasons (rFBS return requests and FBS/FBO returns).
RETURN_REASONS = [(1, "Не подошёл размер", False), (2, "Товар с браком", True), (3, "Не соответствует описанию", True),
                  (4, "Передумал", False)]
RFBS_REJECTION_REASONS = [
    (1, "Товар не имеет следов использования, но это не брак", "Опишите, что проверили", True),
    (2, "Истёк срок возврата", "", False),
    (3, "Товар повреждён покупателем", "Приложите фото повреждений", True),
]
PAYMENT_TYPES = ["Ozon Карта", "картой онлайн", "Ozon Банк", "СБП"]


def customer_for(seed: int, *, legal: bool = False) -> dict[str, Any]:
    """A buyer with an address, derived from a seed (not stored: 100,000 postings stay small)."""
    rng = random.Random(seed)
    first, last = rng.choice(FIRST_NAMES)
    city, region, zip_code, lat, lon, _ = CITIES[seed % len(CITIES)]
    house = rng.randint(1, 120)
    flat = rng.randint(1, 300)
    phone = f"+79{rng.randint(10, 99)}{rng.randint(1000000, 9999999)}"
    customer = {
        "customer_id": 10_000_000 + seed % 90_000_000,
        "name": f"{first} {last}",
        "phone": phone,
        "customer_email": f"buyer{seed % 100000}@example.com",
        "address": {
            "address_tail": f"{region}, {city}, {rng.choice(STREETS)}, д. {house}, кв. {flat}",
            "city": city, "comment": rng.choice(["", "Позвонить за час", "Домофон не работает"]),
            "country": "Россия", "district": "", "region": region, "zip_code": zip_code,
            "latitude": round(lat + rng.uniform(-0.05, 0.05), 6), "longitude": round(lon + rng.uniform(-0.05, 0.05), 6),
            "provider_pvz_code": "", "pvz_code": 0,
        },
    }
    if legal:
        name, inn, kpp = COMPANIES[seed % len(COMPANIES)]
        customer["legal_info"] = {"company_name": name, "inn": inn, "kpp": kpp}
    return customer


def city_of(seed: int) -> tuple:
    return CITIES[seed % len(CITIES)]


TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))


def translit(text: str) -> str:
    """Latin letters for Cyrillic text (the `translit` option, and ASCII-only PDF labels)."""
    out = []
    for char in text:
        low = char.lower()
        if low in TRANSLIT:
            latin = TRANSLIT[low]
            out.append(latin.capitalize() if char != low and latin else latin)
        elif ord(char) < 128:
            out.append(char)
        elif char in "«»":
            out.append('"')
        else:
            out.append("?")
    return "".join(out)
