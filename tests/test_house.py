"""The house rules, checked over the package's source: one way to import, no cycles, no HTTP in the
domain, every handler on a catalogue operation, every timing and limit key declared.

These read the code (AST) rather than run it, so a rule broken anywhere fails here by name."""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ozmock
import ozmock.domain
from ozmock import registry
from ozmock.app import OzonApp
from ozmock.catalog import load_catalog
from ozmock.domain.kit.timings import DEFAULT_LIMITS, DEFAULT_TIMINGS
from ozmock.world import World

PACKAGE = Path(ozmock.__file__).parent
# Third-party packages only some entry points need: importing them lazily keeps `ozmock serve` from
# loading the test tooling.
OPTIONAL = ("hypothesis", "pytest", "_pytest", "uvicorn", "schemathesis")
# Deliberate late imports, each keeping a light module light:
# `import ozmock.<anything>` runs ozmock/__init__.py first, whose PEP 562 `__getattr__` loads
# `OzonMock` on first use; the pytest plugin is imported into every pytest session of an environment
# with ozmock installed, and loads the fake only when a fixture is first used; `ozmock serve` does not
# load the proxy's HTTP client (httpx, and rich through it: ~0.1 s of every start), only `ozmock proxy`.
LAZY_ATTRIBUTES = {"ozmock.__getattr__", "ozmock.testing.plugin._kit", "ozmock.server.run_proxy"}
# Data tables: long by nature, not logic.
TABLES = {"domain/catalogue/data.py"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = modules()


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The ozmock modules an import statement loads (the module itself, or names that are modules)."""
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if not target.startswith("ozmock"):
        return []
    loaded = [target] if target in MODULES else []
    loaded += [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES]
    return loaded


def module_imports(module: str, path: Path) -> set[str]:
    """ozmock modules imported at module level (not under TYPE_CHECKING, not inside functions)."""
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    body = list(tree.body)
    while body:
        node = body.pop(0)
        if isinstance(node, ast.If) and _is_type_checking(node):
            continue
        if isinstance(node, (ast.If, ast.Try)):
            body.extend(node.body + node.orelse + getattr(node, "finalbody", []))
            for handler in getattr(node, "handlers", []):
                body.extend(handler.body)
        elif isinstance(node, ast.ImportFrom):
            found.update(_resolve(module, path.name == "__init__.py", node))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in MODULES)
    # importing a.b.c runs a/__init__ and a/b/__init__ first, unless the importer is inside them
    # (their initialisation is already under way)
    parents = {".".join(m.split(".")[:i]) for m in found for i in range(1, m.count(".") + 1)}
    parents = {p for p in parents if not module.startswith(p + ".") and module != p}
    return (found | (parents & MODULES.keys())) - {module}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    graph = {module: module_imports(module, path) for module, path in MODULES.items()}
    assert cycles(graph) == []


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_function_level_imports_except_optional_dependencies():
    late = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import):
                    names = [alias.name for alias in inner.names]
                elif isinstance(inner, ast.ImportFrom):
                    names = [("." * inner.level) + (inner.module or "")]
                else:
                    continue
                late += [f"{module}.{node.name}: {name}" for name in names
                         if name.split(".")[0] not in OPTIONAL and f"{module}.{node.name}" not in LAZY_ATTRIBUTES]
    assert late == []


def test_serving_does_not_load_the_proxys_http_client():
    """`ozmock serve` starts without httpx (the proxy's client; rich comes with it): a tenth of a second
    of every start-up (issue 15's start-up budget)."""
    code = "import sys, ozmock.cli, ozmock.server; print(sorted(m for m in ('httpx', 'rich') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[1]).stdout.strip()
    assert loaded == "[]"


def test_no_http_framework_in_the_domain():
    offenders = [module for module, path in MODULES.items() if module.startswith("ozmock.domain")
                 for node in ast.walk(ast.parse(path.read_text()))
                 if isinstance(node, (ast.Import, ast.ImportFrom))
                 and any(name.startswith(("starlette", "httpx", "uvicorn"))
                         for name in ([a.name for a in node.names] if isinstance(node, ast.Import)
                                      else [node.module or ""]))]
    assert offenders == []


def test_modules_and_functions_stay_small():
    long_modules = {str(path.relative_to(PACKAGE)): n for path in MODULES.values()
                    if (n := len(path.read_text().splitlines())) > 600 and str(path.relative_to(PACKAGE)) not in TABLES}
    long_functions = {f"{path.relative_to(PACKAGE)}:{node.name}": node.end_lineno - node.lineno + 1
                      for path in MODULES.values() if str(path.relative_to(PACKAGE)) not in TABLES
                      for node in ast.walk(ast.parse(path.read_text()))
                      if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.end_lineno - node.lineno + 1 > 60}
    assert long_modules == {} and long_functions == {}


def test_every_area_module_is_discovered():
    """Handlers register on import; discovery must reach every module under ozmock/domain."""
    expected = {info.name for info in pkgutil.walk_packages(ozmock.domain.__path__, "ozmock.domain.")}
    assert expected and all(importlib.import_module(name) for name in expected)
    assert expected <= set(sys.modules)


def test_every_handler_serves_a_catalogue_operation():
    assert registry.HANDLERS.keys() <= load_catalog().keys


def test_a_handler_on_an_unknown_operation_stops_the_start(monkeypatch):
    monkeypatch.setitem(registry.HANDLERS, ("POST", "/v3/product/lst"), lambda call: {})
    with pytest.raises(RuntimeError, match="POST /v3/product/lst"):
        OzonApp(World())


def _literal_keys(function: str) -> set[str]:
    """String keys passed as the second argument of `timing(world, "...")` / `limit(...)` anywhere."""
    keys = set()
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == function and len(node.args) == 2
                    and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
                keys.add(node.args[1].value)
    return keys


def test_every_timing_and_limit_key_read_is_declared():
    timings, limits = _literal_keys("timing"), _literal_keys("limit")
    assert timings and limits
    assert timings - DEFAULT_TIMINGS.keys() == set()
    assert limits - DEFAULT_LIMITS.keys() == set()
    windows = {window.limit_key for declared in registry.WINDOWS.values() for window in declared}
    assert windows and windows - DEFAULT_LIMITS.keys() == set()


def test_no_settings_read_behind_the_registry():
    """Areas read `settings.timings` / `settings.limits` only through kit.timings."""
    readers = [module for module, path in MODULES.items() if module.startswith("ozmock.domain")
               and module != "ozmock.domain.kit.timings"
               and ("settings.timings" in path.read_text() or "settings.limits" in path.read_text())]
    assert readers == []


def test_every_timing_and_limit_key_is_documented():
    """docs/scenarios.md lists every key a scenario may set, so the tables cannot fall behind."""
    text = (PACKAGE.parent / "docs" / "scenarios.md").read_text()
    documented = set(re.findall(r"`(\w+)`", text))
    assert (DEFAULT_TIMINGS.keys() | DEFAULT_LIMITS.keys()) - documented == set()
