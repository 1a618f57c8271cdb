"""Reviews (list, info, counts, statuses, comments) and questions (list, answers, statuses)."""
import pytest

from tests.support import ok

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def test_review_comment_create_list_delete(client, other):
    reviews = ok(client.post("/v2/review/list", json={"limit": 20, "filters": {"status": "NEW"}}))["reviews"]
    review = reviews[0]
    assert review["status"] == "NEW"
    before = ok(client.post("/v2/review/count", json={}))
    created = ok(client.post("/v1/review/comment/create", json={
        "review_id": review["id"], "text": "Спасибо за отзыв!", "mark_review_as_processed": True}))
    comment_id = created["comment_id"]
    comments = ok(client.post("/v1/review/comment/list", json={"review_id": review["id"], "limit": 20}))
    mine = [c for c in comments["comments"] if c["id"] == comment_id]
    assert mine and mine[0]["is_owner"] and mine[0]["text"] == "Спасибо за отзыв!"
    assert comments["offset"] == len(comments["comments"])
    info = ok(client.post("/v2/review/info", json={"review_id": review["id"]}))
    assert info["status"] == "PROCESSED" and info["comments_amount"] == review["comments_amount"] + 1
    after = ok(client.post("/v2/review/count", json={}))
    assert after["processed"] == before["processed"] + 1 and after["new"] == before["new"] - 1
    assert ok(client.post("/v1/review/info", json={"review_id": review["id"]}))["status"] == "PROCESSED"

    # the second seller can neither see nor delete it
    assert other.post("/v2/review/info", json={"review_id": review["id"]}).status_code == 404
    assert other.post("/v1/review/comment/delete", json={"comment_id": comment_id}).status_code == 404
    assert review["id"] not in [r["id"] for r in ok(other.post("/v2/review/list", json={"limit": 100}))["reviews"]]

    wrong_sku = client.post("/v2/review/comment/delete", json={"comment_id": comment_id, "sku": 1})
    assert wrong_sku.status_code == 404
    ok(client.post("/v2/review/comment/delete", json={"comment_id": comment_id, "sku": review["sku"]}))
    comments = ok(client.post("/v1/review/comment/list", json={"review_id": review["id"], "limit": 20}))
    assert comment_id not in [c["id"] for c in comments["comments"]]
    assert client.post("/v1/review/comment/delete", json={"comment_id": comment_id}).status_code == 404


def test_buyer_comments_cannot_be_deleted(client):
    for review in ok(client.post("/v2/review/list", json={"limit": 100}))["reviews"]:
        if review["comments_amount"]:
            listed = ok(client.post("/v1/review/comment/list", json={"review_id": review["id"], "limit": 20}))
            comment = listed["comments"][0]
            denied = client.post("/v1/review/comment/delete", json={"comment_id": comment["id"]})
            assert denied.status_code == 403
            return
    raise AssertionError("the scenario has no buyer comment")


def test_review_paging_filters_and_statuses(client):
    total = ok(client.post("/v2/review/count", json={}))["total"]
    seen, last_id, has_next = [], "", True
    while has_next:
        page = ok(client.post("/v2/review/list", json={"limit": 20, "last_id": last_id, "sort_dir": "ASC"}))
        seen += page["reviews"]
        last_id, has_next = page["last_id"], page["has_next"]
    assert len(seen) == total == len({r["id"] for r in seen})
    assert [r["published_at"] for r in seen] == sorted(r["published_at"] for r in seen)
    sku = seen[0]["sku"]
    by_sku = ok(client.post("/v2/review/list", json={"limit": 100, "filters": {"skus": [sku]}}))["reviews"]
    assert by_sku and all(r["sku"] == sku for r in by_sku)

    ids = [r["id"] for r in seen[:3]]
    ok(client.post("/v2/review/change-status", json={"review_ids": ids, "status": "VIEWED"}))
    viewed = ok(client.post("/v2/review/list", json={"limit": 100, "filters": {"status": "VIEWED"}}))["reviews"]
    assert set(ids) <= {r["id"] for r in viewed}
    v1 = ok(client.post("/v1/review/list", json={"limit": 100, "status": "UNPROCESSED"}))["reviews"]
    assert set(ids) <= {r["id"] for r in v1} and all(r["status"] == "UNPROCESSED" for r in v1)
    counts = ok(client.post("/v1/review/count", json={}))
    assert counts["unprocessed"] == len(v1) and counts["total"] == total
    missing = client.post("/v2/review/change-status", json={"review_ids": [ids[0], "nope"], "status": "PROCESSED"})
    assert missing.status_code == 404
    assert ok(client.post("/v2/review/info", json={"review_id": ids[0]}))["status"] == "VIEWED"


def test_a_status_change_without_a_status_sets_the_enums_zero_value_like_its_number(ozon, client):
    ids = [r["id"] for r in ok(client.post("/v2/review/list", json={"limit": 20}))["reviews"][:2]]
    ok(client.post("/v2/review/change-status", json={"review_ids": ids, "status": "PROCESSED"}))
    ok(client.post("/v2/review/change-status", json={"review_ids": ids[:1]}))
    ok(client.post("/v2/review/change-status", json={"review_ids": ids[1:], "status": 0}))
    statuses = [ok(client.post("/v2/review/info", json={"review_id": i}))["status"] for i in ids]
    assert statuses == ["NEW", "NEW"]


def test_question_answer_flow(client, other):
    questions = ok(client.post("/v1/question/list", json={"filter": {"status": "NEW"}}))["questions"]
    question = questions[0]
    counts = ok(client.post("/v1/question/count", json={}))
    answer_id = ok(client.post("/v1/question/answer/create", json={
        "question_id": question["id"], "sku": question["sku"], "text": "Да, конечно"}))["answer_id"]
    answers = ok(client.post("/v1/question/answer/list", json={"question_id": question["id"], "sku": question["sku"]}))
    assert [a["id"] for a in answers["answers"]][-1] == answer_id
    info = ok(client.post("/v1/question/info", json={"question_id": question["id"]}))
    assert info["status"] == "PROCESSED" and info["answers_count"] == question["answers_count"] + 1
    after = ok(client.post("/v1/question/count", json={}))
    assert after["new"] == counts["new"] - 1 and after["processed"] == counts["processed"] + 1
    assert other.post("/v1/question/info", json={"question_id": question["id"]}).status_code == 404

    short = client.post("/v1/question/answer/create", json={"question_id": question["id"], "sku": question["sku"],
                                                            "text": "Д"})
    assert short.status_code == 400
    ok(client.post("/v1/question/answer/delete", json={"answer_id": answer_id, "sku": question["sku"]}))
    answers = ok(client.post("/v1/question/answer/list", json={"question_id": question["id"], "sku": question["sku"]}))
    assert answer_id not in [a["id"] for a in answers["answers"]]

    ok(client.post("/v1/question/change-status", json={"question_ids": [question["id"]], "status": "VIEWED"}))
    unprocessed = ok(client.post("/v1/question/list", json={"filter": {"status": "UNPROCESSED"}, "limit": 100}))
    assert question["id"] in [q["id"] for q in unprocessed["questions"]] or unprocessed["has_next"]
    top = ok(client.post("/v1/question/top-sku", json={"limit": 2}))["sku"]
    assert 1 <= len(top) <= 2


def test_question_paging(client):
    total = ok(client.post("/v1/question/count", json={}))["all"]
    seen, last_id, has_next = [], "", True
    while has_next:
        page = ok(client.post("/v1/question/list", json={"limit": 5, "last_id": last_id, "sort_dir": "ASC"}))
        seen += [q["id"] for q in page["questions"]]
        last_id, has_next = page["last_id"], page["has_next"]
    assert len(seen) == len(set(seen)) == total
