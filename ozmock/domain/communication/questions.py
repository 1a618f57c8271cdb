"""Buyers' questions on the seller's products (`/v1/question/*`) and the answers to them.

Questions come from the scenario (`questions: {count: N}`), each on one of the seller's SKUs, in
status `NEW`, `VIEWED` or `PROCESSED` (`UNPROCESSED` filters the first two). The seller answers
(`/v1/question/answer/create`: 2..3000 characters, the question becomes PROCESSED), lists and
deletes its answers (by answer id and the question's SKU), and changes statuses.
"""
from __future__ import annotations

import random
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles, json_area, seeds
from ..kit.dates import now_of, parse_datetime, stamp
from ..kit.ids import new_uuid, stable_uuid
from ..kit.paging import page_size
from ..kit.values import as_int, as_str, obj, str_list
from ..products.model import products_by_sku
from .common import after_id, set_status

NOT_FOUND = "question not found"
ANSWER_NOT_FOUND = "answer not found"
STATUSES = ("NEW", "VIEWED", "PROCESSED")
PAGE_MAX = 10     # the response schema allows at most 10 questions per page


def _create(seller, world) -> dict[str, Any]:
    return {"questions": {}, "answers": {}}


json_area("questions", _create)


def questions_of(seller) -> dict[str, Any]:
    return seller.area("questions")


def _question(call: Call, question_id: Any) -> dict[str, Any]:
    question = questions_of(call.seller)["questions"].get(as_str(question_id))
    if question is None:
        raise OzonError(5, NOT_FOUND)
    return question


def _answers(state: dict[str, Any], question_id: str) -> list[dict[str, Any]]:
    return sorted((a for a in state["answers"].values() if a["question_id"] == question_id),
                  key=lambda a: (a["published_at"], a["id"]))


def _view(state: dict[str, Any], question: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": question["id"], "sku": question["sku"], "text": question["text"],
        "author_name": question["author_name"], "published_at": stamp(question["published_at"]),
        "status": question["status"], "answers_count": len(_answers(state, question["id"])),
        "product_url": f"https://www.ozon.ru/product/{question['sku']}/",
        "question_link": f"https://www.ozon.ru/product/{question['sku']}/questions/?qid={question['number']}",
    }


def _matches(question: dict[str, Any], status: str) -> bool:
    if status in ("", "ALL"):
        return True
    if status == "UNPROCESSED":
        return question["status"] != "PROCESSED"
    return question["status"] == status


@handles("POST", "/v1/question/list", exact=True)
def question_list(call: Call) -> dict:
    state = questions_of(call.seller)
    flt = obj(call.body.get("filter"))
    status = as_str(flt.get("status") or "ALL")
    if status not in ("ALL", "UNPROCESSED") + STATUSES:
        raise OzonError(3, "filter.status must be one of NEW, ALL, VIEWED, PROCESSED, UNPROCESSED")
    start = parse_datetime(flt.get("date_from"), "filter.date_from", required=False)
    end = parse_datetime(flt.get("date_to"), "filter.date_to", required=False)
    rows = [q for q in state["questions"].values() if _matches(q, status)
            and (start is None or q["published_at"] >= start.timestamp())
            and (end is None or q["published_at"] <= end.timestamp())]
    rows.sort(key=lambda q: (q["published_at"], q["id"]), reverse=as_str(call.body.get("sort_dir") or "DESC") != "ASC")
    rows = after_id(rows, as_str(call.body.get("last_id")))
    size = page_size(call.body.get("limit"), PAGE_MAX, PAGE_MAX)
    page = rows[:size]
    return {"questions": [_view(state, q) for q in page], "has_next": len(rows) > size,
            "last_id": page[-1]["id"] if page else ""}


@handles("POST", "/v1/question/info", exact=True)
def question_info(call: Call) -> dict:
    return _view(questions_of(call.seller), _question(call, call.body.get("question_id")))


@handles("POST", "/v1/question/count", exact=True)
def question_count(call: Call) -> dict:
    questions = list(questions_of(call.seller)["questions"].values())
    counts = {s: sum(1 for q in questions if q["status"] == s) for s in STATUSES}
    return {"all": len(questions), "new": counts["NEW"], "viewed": counts["VIEWED"],
            "processed": counts["PROCESSED"], "unprocessed": counts["NEW"] + counts["VIEWED"]}


@handles("POST", "/v1/question/change-status", "/v1/question/change_status", writes=True, exact=True)
def question_change_status(call: Call) -> dict:
    state = questions_of(call.seller)
    status = as_str(call.body.get("status"))
    if status not in STATUSES:
        raise OzonError(3, "status must be one of NEW, VIEWED, PROCESSED")
    wanted = str_list(call.body.get("question_ids"))
    if not wanted:
        raise OzonError(3, "question_ids: value must contain at least 1 item(s)")
    set_status(state["questions"], wanted, status, NOT_FOUND)
    return {}


@handles("POST", "/v1/question/top-sku", "/v1/question/top_sku", exact=True)
def question_top_sku(call: Call) -> dict:
    counts: dict[int, int] = {}
    for question in questions_of(call.seller)["questions"].values():
        counts[question["sku"]] = counts.get(question["sku"], 0) + 1
    ranked = sorted(counts, key=lambda sku: (-counts[sku], sku))
    return {"sku": [str(sku) for sku in ranked[:max(as_int(call.body.get("limit"), 10), 1)]]}


def _question_for_sku(call: Call) -> dict[str, Any]:
    question = _question(call, call.body.get("question_id"))
    if question["sku"] != as_int(call.body.get("sku")):
        raise OzonError(5, f"{NOT_FOUND} for sku {as_int(call.body.get('sku'))}")
    return question


@handles("POST", "/v1/question/answer/create", writes=True, exact=True)
def answer_create(call: Call) -> dict:
    state = questions_of(call.seller)
    question = _question_for_sku(call)
    text = as_str(call.body.get("text")).strip()
    if not 2 <= len(text) <= 3000:
        raise OzonError(3, "text: value length must be between 2 and 3000 runes")
    answer_id = new_uuid(call.world)
    state["answers"][answer_id] = {"id": answer_id, "question_id": question["id"], "sku": question["sku"],
                                   "text": text, "author_name": call.seller.name, "published_at": now_of(call),
                                   "is_owner": True}
    question["status"] = "PROCESSED"
    return {"answer_id": answer_id}


@handles("POST", "/v1/question/answer/list", exact=True)
def answer_list(call: Call) -> dict:
    state = questions_of(call.seller)
    question = _question_for_sku(call)
    rows = after_id(_answers(state, question["id"]), as_str(call.body.get("last_id")))
    page = rows[:50]
    return {"answers": [{"id": a["id"], "question_id": a["question_id"], "sku": a["sku"], "text": a["text"],
                         "author_name": a["author_name"], "published_at": stamp(a["published_at"]),
                         "status_publication": "PUBLISHED"} for a in page],
            "last_id": page[-1]["id"] if page and len(rows) > len(page) else ""}


@handles("POST", "/v1/question/answer/delete", writes=True, exact=True)
def answer_delete(call: Call) -> dict:
    state = questions_of(call.seller)
    answer = state["answers"].get(as_str(call.body.get("answer_id")))
    if answer is None or answer["sku"] != as_int(call.body.get("sku")):
        raise OzonError(5, ANSWER_NOT_FOUND)
    if not answer["is_owner"]:
        raise OzonError(7, "only the seller's own answers can be deleted")
    del state["answers"][answer["id"]]
    return {}


# --- scenario -------------------------------------------------------------------------------------
QUESTIONS = ("Можно выбрать цвет?", "Подойдёт ли для подарка?", "Какой срок гарантии?", "Есть ли в комплекте чехол?",
             "Какие реальные размеры?", "Когда будет снова в наличии?", "Из какого материала сделан?")
BUYER_ANSWERS = ("Брал такой же, всё подошло.", "У меня пришёл с чехлом.")


@seeds("questions")
def seed_questions(world, seller, spec: Any) -> None:
    """`questions: {count: N}` (or a number): buyers' questions on the seller's SKUs over the last 20 days."""
    count = int(spec.get("count", 8)) if isinstance(spec, dict) else int(spec or 0)
    rng = random.Random(f"{world.seed}:{seller.client_id}:questions")
    now = world.clock.now().timestamp()
    products = list(products_by_sku(seller, now).values())
    state = questions_of(seller)
    for index in range(count if products else 0):
        product = rng.choice(products)
        question_id = stable_uuid("question", seller.client_id, index)
        published = now - rng.randint(600, 20 * 86400)
        state["questions"][question_id] = {
            "id": question_id, "number": 290_000_000 + seller.client_id * 1000 + index, "sku": product.visible_sku(now),
            "text": rng.choice(QUESTIONS), "author_name": "Пользователь OZON", "published_at": published,
            "status": rng.choice(["NEW", "NEW", "VIEWED", "PROCESSED"])}
        if rng.random() < 0.25:
            answer_id = stable_uuid("question-answer", seller.client_id, index)
            state["answers"][answer_id] = {
                "id": answer_id, "question_id": question_id, "sku": product.visible_sku(now),
                "text": rng.choice(BUYER_ANSWERS), "author_name": "Пользователь OZON",
                "published_at": min(published + 7200, now), "is_owner": False}
