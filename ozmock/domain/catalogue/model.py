"""The Ozon catalogue: description categories, product types, attributes and their dictionaries.

Built once per process from `catalogue_data` plus a seeded generator (so every world, seller and
run sees the same catalogue) and shared read-only by all sellers. Import validation, the
category API (current and legacy) and the product views read it.

Shape of the tree, as `/v1/description-category/tree` returns it: level-1 and level-2 nodes are
description categories (`description_category_id`), level-3 leaves are product types (`type_id`).
The legacy tree (`/v1/category/tree` & co.) is the same tree seen the old way: every node has a
`category_id`, and a legacy leaf category is a product type (its `category_id` is the `type_id`),
so a legacy `category_id` always names exactly one (description category, type) pair.
"""
from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterable

from . import data

EN_LANGUAGES = {"EN"}
TYPE_ATTRIBUTE = 8229
BRAND_ATTRIBUTE = 85
COLOUR_ATTRIBUTE = 10096
MODEL_ATTRIBUTE = 9048
NAME_ATTRIBUTE = 4180
DESCRIPTION_ATTRIBUTE = 4191
TYPE_DICTIONARY_ID = 1960
DICTIONARY_IDS = {"brand": 28732849, "colour": 1494, "country": 1935, "material": 1686, "recommended": 2109,
                  "size": 1622, "gender": 1505, "season": 1581, "purpose": 2023, "age": 2347, "power": 1707,
                  "type": TYPE_DICTIONARY_ID}


def english(language: str | None) -> bool:
    """`EN` reads English; `DEFAULT`, `RU` and the languages ozmock has no texts for read Russian."""
    return (language or "DEFAULT").upper() in EN_LANGUAGES


@dataclass(frozen=True)
class Value:
    id: int
    ru: str
    en: str
    info: str = ""
    picture: str = ""

    def text(self, language: str | None) -> str:
        return self.en if english(language) else self.ru


@dataclass
class Dictionary:
    id: int
    values: list[Value]                       # sorted by id: the order pages follow
    by_id: dict[int, Value] = field(default_factory=dict)
    ids: list[int] = field(default_factory=list)

    def __post_init__(self):
        self.values.sort(key=lambda v: v.id)
        self.by_id = {v.id: v for v in self.values}
        self.ids = [v.id for v in self.values]

    def page(self, last_value_id: int, limit: int) -> tuple[list[Value], bool]:
        """Values after `last_value_id` (0: from the start), at most `limit`, and whether more follow."""
        start = bisect_right(self.ids, last_value_id) if last_value_id > 0 else 0
        chunk = self.values[start:start + limit]
        return chunk, start + limit < len(self.values)

    def search(self, text: str, limit: int) -> list[Value]:
        needle = text.strip().casefold()
        found = [v for v in self.values if needle in v.ru.casefold() or needle in v.en.casefold()]
        return found[:limit]


@dataclass(frozen=True)
class Attribute:
    id: int
    ru: str
    en: str
    type: str                 # String | Integer | Decimal | Boolean | multiline | URL
    dictionary: str           # key into the dictionaries, "" when free text
    is_collection: bool
    complex_id: int
    group_id: int
    description: str

    def name(self, language: str | None) -> str:
        return self.en if english(language) else self.ru

    @property
    def dictionary_id(self) -> int:
        return DICTIONARY_IDS.get(self.dictionary, 0) if self.dictionary else 0


@dataclass
class Category:
    id: int
    ru: str
    en: str
    parent_id: int
    level: int
    disabled: bool
    profile: str
    children: list[int] = field(default_factory=list)     # categories (level 1) or types (level 2)

    def name(self, language: str | None) -> str:
        return self.en if english(language) else self.ru


@dataclass
class ProductType:
    id: int
    ru: str
    en: str
    category_id: int
    disabled: bool

    def name(self, language: str | None) -> str:
        return self.en if english(language) else self.ru


class Catalogue:
    """Read-only catalogue shared by every world in the process. Attribute lists per (category, type)
    and the category-dependent type dictionaries are computed on first use and kept: they never change."""

    def __init__(self, seed: int = 836):
        self.rng = random.Random(seed)
        self.categories: dict[int, Category] = {}
        self.types: dict[int, ProductType] = {}
        self.roots: list[int] = []
        self.attributes: dict[int, Attribute] = {
            aid: Attribute(aid, ru, en, kind, dic, coll, cplx, grp, desc)
            for aid, (ru, en, kind, dic, coll, cplx, grp, desc) in data.ATTRIBUTES.items()}
        self._parse_tree(data.TREE)
        self.dictionaries: dict[str, Dictionary] = self._dictionaries()
        self._type_dictionaries: dict[int, Dictionary] = {}

    # --- building ---------------------------------------------------------------------------
    def _parse_tree(self, text: str) -> None:
        next_category, next_type = 17030000, 98000
        stack: list[int] = []
        for raw in text.splitlines():
            if not raw.strip():
                continue
            level = (len(raw) - len(raw.lstrip(" "))) // 2 + 1
            ident, rest = raw.strip().split(maxsplit=1)
            disabled = "!disabled" in rest
            profile = ""
            if "@" in rest:
                rest, profile = rest.split("@", 1)
                profile = profile.replace("!disabled", "").strip()
            rest = rest.replace("!disabled", "").strip()
            ru, en = (part.strip() for part in rest.split("|", 1))
            if level < 3:
                if ident == "*":
                    next_category += 1
                    ident = str(next_category)
                cid = int(ident)
                parent = stack[level - 2] if level == 2 else 0
                parent_profile = self.categories[parent].profile if parent else ""
                parent_disabled = self.categories[parent].disabled if parent else False
                self.categories[cid] = Category(cid, ru, en, parent, level, disabled or parent_disabled,
                                                profile or parent_profile)
                if parent:
                    self.categories[parent].children.append(cid)
                else:
                    self.roots.append(cid)
                stack[level - 1:] = [cid]
            else:
                if ident == "*":
                    next_type += 1
                    ident = str(next_type)
                tid = int(ident)
                parent = stack[1]
                self.types[tid] = ProductType(tid, ru, en, parent, disabled or self.categories[parent].disabled)
                self.categories[parent].children.append(tid)

    def _dictionaries(self) -> dict[str, Dictionary]:
        def build(key: str, rows: Iterable[tuple], info: str = "", pictures: bool = False) -> Dictionary:
            values = []
            for row in rows:
                vid, ru, en = row[:3]
                picture = f"https://cdn1.ozone.ru/s3/multimedia-{'abcdefgh'[vid % 8]}/{6000000000 + vid % 99991}.jpg" \
                    if pictures else ""
                values.append(Value(vid, ru, en, info, picture))
            return Dictionary(DICTIONARY_IDS[key], values)

        brands = list(data.BRANDS)
        syllables = ["ar", "be", "co", "da", "el", "fi", "go", "ha", "in", "jo", "ka", "lu", "mi", "no", "or",
                     "pa", "qu", "ro", "sa", "te", "ul", "vi", "wo", "xe", "ya", "ze", "tra", "sto", "ven", "lix"]
        seen = {name for _, name, _ in brands}
        next_id = 971100000
        while len(brands) < 420:
            name = "".join(self.rng.choice(syllables) for _ in range(self.rng.randint(2, 3))).capitalize()
            if self.rng.random() < 0.25:
                name += self.rng.choice([" Home", " Pro", " Kids", " Style", " Lab", " Tech"])
            if name in seen:
                continue
            seen.add(name)
            next_id += self.rng.randint(1, 900)
            brands.append((next_id, name, name))
        return {
            "brand": build("brand", brands, pictures=True),
            "colour": build("colour", data.COLOURS, pictures=True),
            "country": build("country", data.COUNTRIES),
            "material": build("material", data.MATERIALS),
            "recommended": build("recommended", data.RECOMMENDED),
            "size": build("size", data.SIZES),
            "gender": build("gender", data.GENDERS),
            "season": build("season", data.SEASONS),
            "purpose": build("purpose", data.PURPOSES),
            "age": build("age", data.AGES),
            "power": build("power", data.POWER),
        }

    # --- lookups ----------------------------------------------------------------------------
    def category(self, category_id: int) -> Category | None:
        return self.categories.get(category_id)

    def product_type(self, type_id: int) -> ProductType | None:
        return self.types.get(type_id)

    def type_in(self, category_id: int, type_id: int) -> ProductType | None:
        found = self.types.get(type_id)
        return found if found is not None and found.category_id == category_id else None

    def leaf_categories(self) -> list[Category]:
        """Description categories that hold types (where products are created)."""
        return [c for c in self.categories.values() if c.level == 2]

    def attributes_for(self, category_id: int, type_id: int) -> list[tuple[Attribute, bool]]:
        """(attribute, is_required) for a (category, type) pair, in a stable order; [] when unknown."""
        return list(self._attributes_for(category_id, type_id))

    @lru_cache(maxsize=4096)
    def _attributes_for(self, category_id: int, type_id: int) -> tuple[tuple[Attribute, bool], ...]:
        category = self.categories.get(category_id)
        if category is None or self.type_in(category_id, type_id) is None:
            return ()
        extra, required = data.PROFILES.get(category.profile, ([], set()))
        ids = list(dict.fromkeys(data.COMMON + extra))
        required = data.COMMON_REQUIRED | required
        return tuple((self.attributes[aid], aid in required) for aid in ids)

    def attribute_in(self, category_id: int, type_id: int, attribute_id: int) -> tuple[Attribute, bool] | None:
        for attribute, required in self._attributes_for(category_id, type_id):
            if attribute.id == attribute_id:
                return attribute, required
        return None

    def dictionary_for(self, attribute: Attribute, category_id: int) -> Dictionary | None:
        """The values of a dictionary attribute; the type attribute's values depend on the category."""
        if not attribute.dictionary:
            return None
        if attribute.dictionary == "type":
            found = self._type_dictionaries.get(category_id)
            if found is None:
                category = self.categories[category_id]
                info = category.ru
                found = Dictionary(TYPE_DICTIONARY_ID, [Value(t, self.types[t].ru, self.types[t].en, info)
                                                        for t in category.children if t in self.types])
                self._type_dictionaries[category_id] = found
            return found
        return self.dictionaries[attribute.dictionary]

    def legacy(self, category_id: int) -> tuple[int, int] | None:
        """A legacy `category_id` as the (description category, type) pair it stands for."""
        found = self.types.get(category_id)
        return (found.category_id, found.id) if found is not None else None

    def classify(self, *texts: str) -> ProductType | None:
        """The enabled type whose name (ru or en) best matches free text; None when nothing fits."""
        words = " ".join(t for t in texts if t).casefold()
        if not words.strip():
            return None
        best, score = None, 0
        for product_type in self.types.values():
            if product_type.disabled:
                continue
            for name in (product_type.ru, product_type.en):
                name = name.casefold()
                if name and name in words:
                    points = len(name) * 2
                else:
                    points = sum(len(w) for w in name.split() if len(w) > 3 and w[:-2] in words)
                if points > score:
                    best, score = product_type, points
        return best

    # --- views ------------------------------------------------------------------------------
    def tree(self, language: str | None) -> list[dict]:
        """`/v1/description-category/tree`: categories with their types at the leaves (every node with
        every field, the other kind's at its zero value, as the live API answers)."""
        def node(cid: int) -> dict:
            category = self.categories[cid]
            if category.level == 2:
                children = [{"description_category_id": 0, "category_name": "", "type_id": t.id,
                             "type_name": t.name(language), "disabled": t.disabled, "children": []}
                            for t in (self.types[tid] for tid in category.children)]
            else:
                children = [node(child) for child in category.children]
            return {"description_category_id": cid, "category_name": category.name(language), "type_id": 0,
                    "type_name": "", "disabled": category.disabled, "children": children}
        return [node(cid) for cid in self.roots]

    def legacy_tree(self, language: str | None, category_id: int = 0) -> list[dict]:
        """`/v1/category/tree` & co.: the same tree with legacy `category_id`s (types are the leaves)."""
        def node(cid: int) -> dict:
            if cid in self.types:
                return {"category_id": cid, "title": self.types[cid].name(language), "children": []}
            category = self.categories[cid]
            return {"category_id": cid, "title": category.name(language),
                    "children": [node(child) for child in category.children]}
        if category_id:
            return [node(category_id)] if category_id in self.categories or category_id in self.types else []
        return [node(cid) for cid in self.roots]


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The process-wide catalogue: a cache built once on first use (the data and the seed are fixed,
    so every caller would build the same one) and only read afterwards."""
    return Catalogue()


# --- value checks shared by import validation ---------------------------------------------------
def value_fits(attribute: Attribute, text: str) -> bool:
    """Does a free-text value suit the attribute's type?"""
    if attribute.type == "Integer":
        return text.strip().lstrip("-").isdigit()
    if attribute.type == "Decimal":
        try:
            Decimal(text.strip().replace(",", "."))
        except InvalidOperation:
            return False
        return True
    if attribute.type == "Boolean":
        return text.strip().lower() in ("true", "false")
    if attribute.type == "URL":
        return text.startswith(("http://", "https://"))
    return True
