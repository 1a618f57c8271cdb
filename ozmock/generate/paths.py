"""Reading and writing inside a JSON body by path (a tuple of object keys and list indices)."""
from __future__ import annotations

from typing import Any


class _Missing:
    """The marker for "nothing there" (None is a JSON value)."""

    __slots__ = ()


MISSING: Any = _Missing()


def path_key(path: tuple) -> tuple:
    """A sort key for paths that mix keys and indices (they do not compare with each other)."""
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in path)


def get(node: Any, path: tuple, default: Any) -> Any:
    for part in path:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return default
    return node


def set_at(node: Any, path: tuple, value: Any) -> None:
    """Replace the value at an existing `path`; nothing happens where the path does not exist."""
    if not path:
        return
    parent = get(node, path[:-1], MISSING)
    last = path[-1]
    if isinstance(parent, dict) and isinstance(last, str):
        parent[last] = value
    elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        parent[last] = value


def put(body: Any, path: tuple, value: Any) -> Any:
    """Set (creating missing object members along the way); the root is replaced when path is empty."""
    if not path:
        return value
    node = body
    for part in path[:-1]:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.setdefault(part, {})
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return body
    last = path[-1]
    if isinstance(node, dict) and isinstance(last, str):
        node[last] = value
    elif isinstance(node, list) and isinstance(last, int):
        if 0 <= last < len(node):
            node[last] = value
        else:
            node.append(value)
    return body
