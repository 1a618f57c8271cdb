"""The orders area's documented error strings and the errors built from them (shared by postings,
labels, acts, carriage, returns and push)."""
from __future__ import annotations

from ...errors import OzonError

# --- documented error strings ---------------------------------------------------------------------
POSTING_NOT_FOUND = "POSTING_NOT_FOUND"
POSTING_ALREADY_CANCELLED = "POSTING_ALREADY_CANCELLED"
POSTING_ALREADY_SHIPPED = "POSTING_ALREADY_SHIPPED"
HAS_INCORRECT_STATUS = "HAS_INCORRECT_STATUS"
HAS_INCORRECT_PRODUCT_QUANTITY = "HAS_INCORRECT_PRODUCT_QUANTITY"
UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT_DEFINED"
HAS_INCORRECT_CANCEL_REASON = "HAS_INCORRECT_CANCEL_REASON"
TRANSITION_IS_NOT_POSSIBLE = "TRANSITION_IS_NOT_POSSIBLE"
HAS_INCORRECT_TPL_INTEGRATION_TYPE = "HAS_INCORRECT_TPL_INTEGRATION_TYPE"
EXEMPLAR_INFO_NOT_FILLED_COMPLETELY = "EXEMPLAR_INFO_NOT_FILLED_COMPLETELY"
EXEMPLAR_INFO_ALREADY_DEFINED = "EXEMPLAR_INFO_ALREADY_DEFINED"
MANDATORY_MARK_REDUNDANT = "MANDATORY_MARK_REDUNDANT"
POSTINGS_NOT_READY = "The next postings aren't ready"
NO_POSTINGS_FOR_BATCH_DOWNLOAD = "NO_POSTINGS_FOR_BATCH_DOWNLOAD"
LABEL_NOT_ALLOWED = "label not allowed for delivered postings"
INVALID_ARGUMENT = "INVALID_ARGUMENT"
POSTING_NUMBERS_IS_INCORRECT_FOR_COMPANY = "POSTING_NUMBERS_IS_INCORRECT_FOR_COMPANY"
DELIVERY_METHOD_NOT_FOUND = "DELIVERY_METHOD_NOT_FOUND"
NO_POSTINGS = "no_postings"
INCORRECT_CARRIAGE_STATUS = "Incorrect_carriage_status"
CONTAINERS_NOT_ALLOWED = "Trying set ContainersCount to not HasEntrustedAcceptance company"
MUST_BE_AWAITING_PACKAGING = "Posting must have 'awaiting_packaging' status"
INVALID_POSTING_STATE = "INVALID_POSTING_STATE"
PERIOD_IS_TOO_LONG = "PERIOD_IS_TOO_LONG"
MAX_OFFSET_EXCEEDED = "MAX_OFFSET_EXCEEDED"



def bad(message: str, *details: str, code: str | None = None) -> OzonError:
    """400 / 3 with the documented error string; `details` name what it is about (e.g. posting numbers),
    each as `{"typeUrl": <error code>, "value": ...}`."""
    return OzonError(3, message, details=[{"typeUrl": code or message, "value": value} for value in details])


def missing(message: str = POSTING_NOT_FOUND, *details: str) -> OzonError:
    return OzonError(5, message, details=[{"typeUrl": message, "value": value} for value in details])
