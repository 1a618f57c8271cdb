"""multipart/form-data bodies, for the operations whose contract declares them (a certificate's
files, a receipt): read into the same dict a JSON body gives, so validation and the handler see one
form. A file part travels on as base64 text (what the JSON form of the same operation carries, its
`format: byte`); a repeated name, or one whose schema is an array, becomes a list.

Parsed with the standard library's MIME parser (`email`), which knows boundaries, quoting and
per-part headers; nothing else is needed for bodies of a few megabytes.
"""
from __future__ import annotations

import base64
from email import message_from_bytes
from email.policy import HTTP
from typing import Any

from ..errors import OzonError

MULTIPART = "multipart/form-data"


def is_multipart(content_type: str | None) -> bool:
    return (content_type or "").split(";", 1)[0].strip().lower() == MULTIPART


def parse_multipart(raw: bytes, content_type: str, schema: dict[str, Any] | None) -> dict[str, Any]:
    """The form's fields as a request dict; 400 (code 3) when the body is not a well-formed form."""
    if "boundary=" not in content_type:
        raise OzonError(3, "invalid request body: multipart/form-data without a boundary")
    message = message_from_bytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw, policy=HTTP)
    if not message.is_multipart() or message.defects:
        raise OzonError(3, "invalid request body: not a valid multipart/form-data body")
    properties = (schema or {}).get("properties") or {}
    form: dict[str, list[Any]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            raise OzonError(3, "invalid request body: a form part without a name")
        name = name[:-2] if name.endswith("[]") else name
        payload = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            value: Any = base64.b64encode(payload).decode("ascii")
        else:
            value = payload.decode(part.get_content_charset() or "utf-8", "replace")
        form.setdefault(name, []).append(value)
    return {name: values if len(values) > 1 or _is_array(properties.get(name)) else values[0]
            for name, values in form.items()}


def _is_array(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind)

