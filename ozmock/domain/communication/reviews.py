"""Reviews of the seller's products (`/v1|v2/review/*`) and the comments under them.

Reviews come from the scenario (`reviews: {count: N}`), each on one of the seller's SKUs, with a
rating, a text, an order status and a processing status (`NEW` -> `VIEWED` -> `PROCESSED`; the
deprecated v1 methods see `UNPROCESSED` for the first two). The seller comments
(`/v1/review/comment/create`, optionally marking the review processed), lists comments (only
published ones: seller comments publish at once unless `review_comment_moderation_seconds` is set)
and deletes its own comments (v1 by id, v2 by id and SKU). Buyers' comments cannot be deleted.
"""
from __future__ import annotations

import random
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles, json_area, seeds
from ..kit.dates import now_of, parse_datetime, stamp
from ..kit.ids import new_uuid, stable_uuid
from ..kit.paging import offset_of
from ..kit.timings import declare_timings, timing
from ..kit.values import as_int, as_str, int_list, obj, str_list
from ..products.model import products_by_sku
from .common import after_id, set_status

NOT_FOUND = "review not found"
COMMENT_NOT_FOUND = "comment not found"
STATUSES = ("NEW", "VIEWED", "PROCESSED")
V1_STATUS = {"NEW": "UNPROCESSED", "VIEWED": "UNPROCESSED", "PROCESSED": "PROCESSED"}
SELLER_ID = "seller"


def _create(seller, world) -> dict[str, Any]:
    return {"reviews": {}, "comments": {}}


json_area("reviews", _create)


def reviews_of(seller) -> dict[str, Any]:
    return seller.area("reviews")


declare_timings(review_comment_moderation_seconds=0.0)


def moderation_seconds(world) -> float:
    return timing(world, "review_comment_moderation_seconds")


def _review(call: Call, review_id: Any) -> dict[str, Any]:
    review = reviews_of(call.seller)["reviews"].get(as_str(review_id))
    if review is None:
        raise OzonError(5, NOT_FOUND)
    return review


def _published(comment: dict[str, Any], now: float) -> bool:
    return comment["published_at"] <= now


def _comments_of(state: dict[str, Any], review_id: str, now: float) -> list[dict[str, Any]]:
    return [c for c in state["comments"].values() if c["review_id"] == review_id and _published(c, now)]


def _order(reviews: list[dict[str, Any]], direction: str) -> list[dict[str, Any]]:
    return sorted(reviews, key=lambda r: (r["published_at"], r["id"]), reverse=direction != "ASC")


def _summary(state: dict[str, Any], review: dict[str, Any], now: float, *, v1: bool) -> dict[str, Any]:
    return {
        "id": review["id"], "sku": review["sku"], "text": review["text"], "rating": review["rating"],
        "published_at": stamp(review["published_at"]), "order_status": review["order_status"],
        "status": V1_STATUS[review["status"]] if v1 else review["status"],
        "is_rating_participant": review["is_rating_participant"],
        "comments_amount": len(_comments_of(state, review["id"], now)),
        "photos_amount": len(review["photos"]), "videos_amount": len(review["videos"]),
    }


def _detail(state: dict[str, Any], review: dict[str, Any], now: float, *, v1: bool) -> dict[str, Any]:
    row = _summary(state, review, now, v1=v1)
    row.update(likes_amount=review["likes"], dislikes_amount=review["dislikes"],
               photos=[dict(p) for p in review["photos"]], videos=[dict(v) for v in review["videos"]])
    return row


def _limit(call: Call) -> int:
    """The review methods' page size: 20..100 (0 reads 20)."""
    return min(max(as_int(call.body.get("limit"), 0) or 20, 20), 100)


def _page(call: Call, reviews: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool, str]:
    """A page after the review `last_id` (in the chosen order)."""
    size = _limit(call)
    reviews = after_id(reviews, as_str(call.body.get("last_id")))
    page = reviews[:size]
    more = len(reviews) > size
    return page, more, page[-1]["id"] if page else ""


@handles("POST", "/v2/review/list", exact=True)
def list_v2(call: Call) -> dict:
    state, now = reviews_of(call.seller), now_of(call)
    filters = obj(call.body.get("filters"))
    status = as_str(filters.get("status") or "ALL")
    order_status = as_str(filters.get("order_status") or "ALL")
    skus = set(int_list(filters.get("skus")))
    start = parse_datetime(filters.get("published_from"), "filters.published_from", required=False)
    end = parse_datetime(filters.get("published_to"), "filters.published_to", required=False)
    rows = [r for r in state["reviews"].values()
            if (status == "ALL" or r["status"] == status)
            and (order_status == "ALL" or r["order_status"] == order_status)
            and (not skus or r["sku"] in skus)
            and (start is None or r["published_at"] >= start.timestamp())
            and (end is None or r["published_at"] <= end.timestamp())]
    page, more, last_id = _page(call, _order(rows, as_str(call.body.get("sort_dir") or "DESC")))
    return {"reviews": [_summary(state, r, now, v1=False) for r in page], "has_next": more, "last_id": last_id}


@handles("POST", "/v1/review/list", exact=True)
def list_v1(call: Call) -> dict:
    state, now = reviews_of(call.seller), now_of(call)
    status = as_str(call.body.get("status") or "ALL")      # the documented enum, checked by validation
    rows = [r for r in state["reviews"].values() if status == "ALL" or V1_STATUS[r["status"]] == status]
    page, more, last_id = _page(call, _order(rows, as_str(call.body.get("sort_dir") or "DESC")))
    return {"reviews": [_summary(state, r, now, v1=True) for r in page], "has_next": more, "last_id": last_id}


@handles("POST", "/v2/review/info", exact=True)
def info_v2(call: Call) -> dict:
    return _detail(reviews_of(call.seller), _review(call, call.body.get("review_id")), now_of(call), v1=False)


@handles("POST", "/v1/review/info", exact=True)
def info_v1(call: Call) -> dict:
    return _detail(reviews_of(call.seller), _review(call, call.body.get("review_id")), now_of(call), v1=True)


@handles("POST", "/v2/review/count", exact=True)
def count_v2(call: Call) -> dict:
    reviews = reviews_of(call.seller)["reviews"].values()
    counts = {s: sum(1 for r in reviews if r["status"] == s) for s in STATUSES}
    return {"new": counts["NEW"], "viewed": counts["VIEWED"], "processed": counts["PROCESSED"],
            "total": sum(counts.values())}


@handles("POST", "/v1/review/count", exact=True)
def count_v1(call: Call) -> dict:
    reviews = list(reviews_of(call.seller)["reviews"].values())
    processed = sum(1 for r in reviews if r["status"] == "PROCESSED")
    return {"processed": processed, "unprocessed": len(reviews) - processed, "total": len(reviews)}


def _change(call: Call, status: str) -> dict:
    state = reviews_of(call.seller)
    wanted = str_list(call.body.get("review_ids"))
    set_status(state["reviews"], wanted, status, NOT_FOUND)
    return {}


@handles("POST", "/v2/review/change-status", writes=True, exact=True)
def change_v2(call: Call) -> dict:
    # absent, the enum's zero value: its first value, the same reading as `"status": 0`. The contract
    # is generated from protos and shows an UNSPECIFIED zero where one exists (23 of its 65 enums);
    # this one has none, so NEW is the zero. Validation has already refused any value outside the enum.
    return _change(call, as_str(call.body.get("status")) or STATUSES[0])


@handles("POST", "/v1/review/change-status", writes=True)
def change_v1(call: Call) -> dict:
    status = as_str(call.body.get("status"))
    if status not in ("PROCESSED", "UNPROCESSED"):
        raise OzonError(3, "status must be PROCESSED or UNPROCESSED")
    return _change(call, "PROCESSED" if status == "PROCESSED" else "VIEWED")


@handles("POST", "/v1/review/comment/create", writes=True, exact=True)
def comment_create(call: Call) -> dict:
    state, now = reviews_of(call.seller), now_of(call)
    review = _review(call, call.body.get("review_id"))
    text = as_str(call.body.get("text")).strip()
    if not text:
        raise OzonError(3, "text: value length must be at least 1 runes")
    parent = as_str(call.body.get("parent_comment_id"))
    if parent and state["comments"].get(parent, {}).get("review_id") != review["id"]:
        raise OzonError(5, f"parent {COMMENT_NOT_FOUND}")
    comment_id = new_uuid(call.world)
    state["comments"][comment_id] = {
        "id": comment_id, "review_id": review["id"], "sku": review["sku"], "text": text,
        "parent_comment_id": parent, "is_owner": True, "is_official": True,
        "published_at": now + moderation_seconds(call.world), "created_at": now, "likes": 0, "dislikes": 0}
    if call.body.get("mark_review_as_processed"):
        review["status"] = "PROCESSED"
    return {"comment_id": comment_id}


@handles("POST", "/v1/review/comment/list", exact=True)
def comment_list(call: Call) -> dict:
    state, now = reviews_of(call.seller), now_of(call)
    review_id = as_str(call.body.get("review_id"))
    flt = obj(call.body.get("filter"))
    sku = as_int(flt.get("sku"))
    if review_id:
        _review(call, review_id)
    start = parse_datetime(flt.get("published_from"), "filter.published_from", required=False)
    end = parse_datetime(flt.get("published_to"), "filter.published_to", required=False)
    rows = [c for c in state["comments"].values()
            if _published(c, now) and (not review_id or c["review_id"] == review_id) and (not sku or c["sku"] == sku)
            and (start is None or c["published_at"] >= start.timestamp())
            and (end is None or c["published_at"] <= end.timestamp())]
    rows.sort(key=lambda c: (c["published_at"], c["id"]),
              reverse=as_str(call.body.get("sort_dir") or "ASC") == "DESC")
    size = _limit(call)
    offset = offset_of(call.body.get("offset"))
    page = rows[offset:offset + size]
    return {"comments": [{
        "id": c["id"], "text": c["text"], "published_at": stamp(c["published_at"]),
        "parent_comment_id": c["parent_comment_id"], "is_owner": c["is_owner"], "is_official": c["is_official"],
        "is_published": True, "is_rejected": False, "deviation_reason": "", "likes_amount": c["likes"],
        "dislikes_amount": c["dislikes"]} for c in page], "offset": offset + len(page)}


def _delete(call: Call, sku: int | None) -> dict:
    state = reviews_of(call.seller)
    comment = state["comments"].get(as_str(call.body.get("comment_id")))
    if comment is None or (sku is not None and comment["sku"] != sku):
        raise OzonError(5, COMMENT_NOT_FOUND)
    if not comment["is_owner"]:
        raise OzonError(7, "only the seller's own comments can be deleted")
    replies = [cid for cid, c in state["comments"].items() if c["parent_comment_id"] == comment["id"]]
    for comment_id in [comment["id"], *replies]:
        state["comments"].pop(comment_id, None)
    return {}


@handles("POST", "/v2/review/comment/delete", writes=True, exact=True)
def comment_delete_v2(call: Call) -> dict:
    return _delete(call, as_int(call.body.get("sku")))


@handles("POST", "/v1/review/comment/delete", writes=True)
def comment_delete_v1(call: Call) -> dict:
    return _delete(call, None)


# --- scenario -------------------------------------------------------------------------------------
TEXTS = {
    5: ["Отличный товар, полностью соответствует описанию.", "Всё пришло быстро, упаковка целая. Рекомендую!",
        "Пользуюсь неделю — очень доволен покупкой."],
    4: ["Хороший товар за свои деньги, но доставка задержалась.", "В целом доволен, цвет чуть отличается от фото."],
    3: ["Нормально, но ожидал большего.", "Качество среднее, за такую цену сойдёт."],
    2: ["Не лучший товар, встречал и получше за те же деньги.", "Размер не совпал с таблицей."],
    1: ["Пришёл с браком, оформил возврат.", "Совсем не то, что на фотографиях."],
}
BUYER_COMMENTS = ("Подскажите, а какой у вас размер?", "Согласен с автором отзыва.", "Спасибо за подробный отзыв!")


@seeds("reviews")
def seed_reviews(world, seller, spec: Any) -> None:
    """`reviews: {count: N}` (or a number): reviews on the seller's SKUs over the last 30 days."""
    count = int(spec.get("count", 10)) if isinstance(spec, dict) else int(spec or 0)
    rng = random.Random(f"{world.seed}:{seller.client_id}:reviews")
    now = world.clock.now().timestamp()
    products = list(products_by_sku(seller, now).values())
    state = reviews_of(seller)
    for index in range(count if products else 0):
        product = rng.choice(products)
        rating = rng.choice([5, 5, 5, 4, 4, 3, 2, 1])
        review_id = stable_uuid("review", seller.client_id, index)
        published = now - rng.randint(3600, 30 * 86400)
        photos = [{"url": f"https://cdn1.ozone.ru/s3/rp-photo-{review_id[:8]}/{i}.jpg", "width": 1200,
                   "height": 1600} for i in range(rng.choice([0, 0, 0, 1, 2]))]
        videos = [] if rng.random() > 0.1 else [{
            "url": f"https://cdn1.ozone.ru/s3/rp-video-{review_id[:8]}/video.mp4", "width": 720, "height": 1280,
            "preview_url": f"https://cdn1.ozone.ru/s3/rp-video-{review_id[:8]}/preview.jpg",
            "short_video_preview_url": f"https://cdn1.ozone.ru/s3/rp-video-{review_id[:8]}/short.mp4"}]
        state["reviews"][review_id] = {
            "id": review_id, "sku": product.visible_sku(now), "text": rng.choice(TEXTS[rating]), "rating": rating,
            "published_at": published, "order_status": "DELIVERED" if rng.random() > 0.1 else "CANCELLED",
            "status": rng.choice(["NEW", "NEW", "VIEWED", "PROCESSED"]), "is_rating_participant": True,
            "likes": rng.randint(0, 12), "dislikes": rng.randint(0, 3), "photos": photos, "videos": videos}
        if rng.random() < 0.3:
            comment_id = stable_uuid("review-comment", seller.client_id, index)
            state["comments"][comment_id] = {
                "id": comment_id, "review_id": review_id, "sku": product.visible_sku(now),
                "text": rng.choice(BUYER_COMMENTS), "parent_comment_id": "", "is_owner": False,
                "is_official": False, "published_at": published + 3600, "created_at": published + 3600,
                "likes": rng.randint(0, 4), "dislikes": 0}
