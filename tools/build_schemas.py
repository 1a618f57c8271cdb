"""Generate schemas/<slug>.json for every operation in ../shared/reference/operations.tsv.

Usage:  .venv/bin/python tools/build_schemas.py [--shared ../shared] [--out schemas] [--report]
        [--spec NEW_SPEC.json --spec-date YYYY-MM-DD]     (Ozon's next release: `make schemas SPEC=...`)

One row per operation of ../shared/reference/operations.tsv (660: lifecycle dates, replacement, whether
a schema exists). Operations with a schema get schemas/<slug>.json from the first source that has them
(PRECEDENCE below: the 2026-10, 2026-06 and 2025-08 files, the seeds, the history copies); those known only
by path get a line in operations.jsonl marked obsolete and no file. `--spec` replaces the 2026-10 file with
a newer one: its operations' schemas win, and operations the table lacks are added as first seen on
`--spec-date`. Fields Ozon's changelog added to older operations since (tools/changelog_2026.py) are
added where the schema lacks them. Then tools/constraints.py adds documented limits and the recorded widenings, and every
request schema is checked against its own documented example (the build fails if one does
not validate). The output is deterministic: sorted keys, indent=1, UTF-8.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import json
import pathlib
import re
import sys
from typing import Any

TOOLS = pathlib.Path(__file__).resolve().parent
ROOT = TOOLS.parent
sys.path.insert(0, str(TOOLS))

import changelog_2026  # noqa: E402
import constraints  # noqa: E402
import documented_2026_10  # noqa: E402
import operations_table  # noqa: E402
import seed_schemas  # noqa: E402
from jsonschema import Draft202012Validator  # noqa: E402
from openapi_convert import SCHEMA_DIALECT, Converter  # noqa: E402

NEWEST = "ozon-seller-openapi-2026-10.json"
PRIMARY = "ozon-seller-openapi.json"
LEGACY = "swagger.json"

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "integer"},
        "message": {"type": "string"},
        "details": {
            "type": "array",
            "items": {"type": "object", "properties": {"typeUrl": {"type": "string"}, "value": {"type": "string"}}},
        },
    },
}


def slug(method: str, path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", f"{method} {path}".lower()).strip("_")


def read_endpoints(shared: pathlib.Path) -> list[dict]:
    rows = []
    for line in (shared / "reference" / "endpoints.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        cols += [""] * (5 - len(cols))
        rows.append({
            "method": cols[0].strip().upper(),
            "path": cols[1].strip(),
            "sources": [s for s in cols[2].strip().split(",") if s],
            "group": cols[3].strip(),
            "flag": cols[4].strip(),
        })
    return rows


def path_param_names(path: str) -> list[str]:
    return [a or b for a, b in re.findall(r"\{([^}/]+)\}|:([A-Za-z_][A-Za-z0-9_]*)", path)]


def with_dialect(schema: dict | None) -> dict | None:
    if schema is None:
        return None
    out = {"$schema": SCHEMA_DIALECT}
    out.update(schema)
    return out


# --------------------------------------------------------------------------- OpenAPI ops
class SpecOps:
    def __init__(self, spec: dict, name: str):
        self.spec = spec
        self.name = name
        self.conv = Converter(spec, name)
        self.ops: dict[tuple[str, str], dict] = {}
        for p, item in spec["paths"].items():
            for m, op in item.items():
                if isinstance(op, dict) and m.lower() in ("get", "post", "put", "delete", "patch"):
                    self.ops[(m.upper(), p)] = op

    def _request_body(self, op: dict) -> dict | None:
        rb = op.get("requestBody")
        if not rb:
            return None
        if "$ref" in rb:
            rb = self.spec["components"]["requestBodies"][rb["$ref"].rsplit("/", 1)[1]]
        return rb

    @staticmethod
    def _media(content: dict) -> tuple[dict | None, Any]:
        """Pick the media type object and the example (misplaced 'example' keys included)."""
        media = None
        for ct in ("application/json", "multipart/form-data", "application/pdf", "image/png"):
            if ct in content and isinstance(content[ct], dict):
                media = content[ct]
                break
        if media is None:
            for ct, v in content.items():
                if "/" in ct and isinstance(v, dict):
                    media = v
                    break
        example = None
        if media is not None:
            if "example" in media:
                example = media["example"]
            elif isinstance(media.get("examples"), dict) and media["examples"]:
                first = next(iter(media["examples"].values()))
                example = first.get("value") if isinstance(first, dict) else None
        if example is None and isinstance(content.get("example"), (dict, list)):
            example = content["example"]  # an 'example' key misplaced among the media types
        return media, copy.deepcopy(example)

    def build(self, method: str, path: str) -> dict:
        op = self.ops[(method, path)]
        where = f"{self.name} {method} {path}"
        # request
        request, req_example = None, None
        rb = self._request_body(op)
        if rb is not None and rb.get("content"):
            media, req_example = self._media(rb["content"])
            if media is not None and "schema" in media:
                request = self.conv.convert_root(media["schema"], "request", where + " request")
            else:
                request = {"type": "object"}
        query = [p for p in op.get("parameters", []) if "$ref" not in p and p.get("in") == "query"]
        if query:
            qs: dict[str, Any] = {"type": "object", "properties": {}}
            req = []
            for p in query:
                qs["properties"][p["name"]] = self.conv.convert_root(p.get("schema", {}), "request", where + " query")
                if p.get("required"):
                    req.append(p["name"])
            if req:
                qs["required"] = req
            request = qs
        if request is None and method != "GET":
            request = {"type": "object"}  # POST without a documented body: an empty object is sent
        # response
        response, resp_example = {"type": "object"}, None
        r200 = op.get("responses", {}).get("200")
        if r200 and "$ref" not in r200 and r200.get("content"):
            media, resp_example = self._media(r200["content"])
            if media is not None and "schema" in media:
                response = self.conv.convert_root(media["schema"], "response", where + " response")
        # path params
        path_params = {}
        for p in op.get("parameters", []):
            if "$ref" not in p and p.get("in") == "path":
                path_params[p["name"]] = self.conv.convert_root(p.get("schema", {"type": "string"}), "response",
                                                                where + " path")
        for name in path_param_names(path):
            if name not in path_params:
                # the template names a parameter the operation does not declare: a plain string
                self.conv.note(where, "path-param-undeclared", f"{{{name}}} not declared: typed string")
                path_params[name] = {"type": "string"}
        return {
            "operation_id": op.get("operationId") or f"{self.name}_{slug(method, path)}",
            "deprecated": bool(op.get("deprecated")),
            "request": request,
            "response": response,
            "examples": {"request": req_example, "response": resp_example},
            "path_params": path_params,
            "tags": op.get("tags", []),
        }


# --------------------------------------------------------------------------- seed ops
def load_seed_operations(shared: pathlib.Path) -> dict:
    return seed_schemas.build_seed_operations(shared)


# --------------------------------------------------------------------------- main
def dump(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


# The dated copies of Ozon's spec, newest first: (source name, file under ozon-openapi/, date of the copy).
SPEC_COPIES = [
    ("spec-2026-10", NEWEST, "2026-10-10"),
    ("spec-2026-06", PRIMARY, "2026-06-11"),
    ("spec-2025-08", LEGACY, "2025-08-09"),
    ("history-2026-04", "history/ozon-seller-openapi-2026-04-13.json", "2026-04-13"),
    ("history-2024-04", "history/ozon-swagger-2024-04-25.json", "2024-04-25"),
    ("history-2023-10", "history/ozon-swagger-2023-10-01.json", "2023-10-01"),
]
# Where a schema comes from, first found wins: the Ozon files of 2026-06, 2026-10 and 2025-08, then the
# seeds (reviewed, and what the stateful handlers were written to), then the older history copies. The
# 2026-10 file is a reconstruction that carries June's operations unchanged (less some enums lost in
# the merge), so June's own file answers for them; a newer release given with --spec goes first.
PRECEDENCE = ("spec-2026-06", "spec-2026-10", "spec-2025-08", "seed", "history-2026-04", "history-2024-04",
              "history-2023-10")
# Operations the table says have a schema, found only in copies not kept here: the underscore spellings
# answer as the hyphenated method they alias; the rest take a bare object (docs/assumptions.md).
ALIASES = {("POST", "/v1/question/change_status"): ("POST", "/v1/question/change-status"),
           ("POST", "/v1/question/top_sku"): ("POST", "/v1/question/top-sku")}


def load_specs(shared: pathlib.Path, newest: pathlib.Path | None) -> dict[str, SpecOps]:
    specs = {}
    for name, file, _ in SPEC_COPIES:
        path = newest if (name == "spec-2026-10" and newest is not None) else shared / "ozon-openapi" / file
        specs[name] = SpecOps(json.loads(path.read_text(encoding="utf-8")), name)
    return specs


# Path prefixes of old operations whose siblings share no path segment with anything documented later.
GROUP_HINTS = (("/pass/", "Pass"), ("/sa/v1/actions/", "Promos"), ("/v1/orders/", "Orders (legacy v1)"),
               ("/v1/shipping-providers", "Orders (legacy v1)"), ("/v1/quant/", "Quants"))


def group_of(key: tuple[str, str], groups: dict[tuple[str, str], str], spec_tags: list[str]) -> str:
    """The endpoints.tsv group; for later operations the group of the nearest documented sibling
    (another version of the same path, else the longest shared path prefix), else the spec's tag."""
    if key in groups:
        return groups[key]
    hint = next((group for prefix, group in GROUP_HINTS if key[1].startswith(prefix)), None)
    if hint:
        return hint
    unversioned = re.sub(r"/v\d+/", "/v*/", key[1])
    for (method, path), group in sorted(groups.items()):
        if re.sub(r"/v\d+/", "/v*/", path) == unversioned:
            return group
    parts = key[1].strip("/").split("/")
    best, best_len = "", 1
    for (_, path), group in sorted(groups.items()):
        other = path.strip("/").split("/")
        shared_len = next((i for i, (a, b) in enumerate(zip(parts, other)) if a != b), min(len(parts), len(other)))
        if shared_len > best_len:
            best, best_len = group, shared_len
    return best or (spec_tags[0] if spec_tags else "")


def built_operation(key, specs: dict[str, SpecOps], seed_ops: dict, newest_first: bool = False) -> tuple[dict, str]:
    """The operation's schemas from the first source that has it, and that source's name."""
    for source in (("spec-2026-10",) if newest_first else ()) + PRECEDENCE:
        if source == "seed":
            if key in seed_ops:
                return copy.deepcopy(seed_ops[key]), "seed"
        elif key in specs[source].ops:
            return specs[source].build(*key), source
    if key in ALIASES:
        built, source = built_operation(ALIASES[key], specs, seed_ops)
        return built, f"alias of {ALIASES[key][1]} ({source})"
    return {"operation_id": f"Legacy_{slug(*key)}", "request": {"type": "object"}, "response": {"type": "object"},
            "examples": {"request": {}, "response": None}, "path_params": {}, "tags": []}, "bare"


def build_all(shared: pathlib.Path, newest: pathlib.Path | None = None,
              newest_date: str | None = None) -> tuple[dict[str, dict], dict]:
    specs = load_specs(shared, newest)
    seed_ops = load_seed_operations(shared)
    constraints.reset_stats()
    rows = operations_table.read_table(shared / "reference" / "operations.tsv")
    rows += new_rows(rows, specs["spec-2026-10"], newest_date)
    copies = sorted((date, set(specs[name].ops)) for name, _, date in SPEC_COPIES)
    operations_table.infer_removals(rows, copies)
    groups = {(r["method"], r["path"]): r["group"] for r in read_endpoints(shared)}
    out: dict[str, dict] = {}
    index: list[dict] = []
    stats: dict[str, int] = {"obsolete": 0, "request_examples": 0, "response_examples": 0}
    for row in rows:
        key = row.key
        if not row.has_schema:
            stats["obsolete"] += 1
            index.append({"file": None, "operation": operation_block(row, groups.get(key) or group_of(key, groups, []),
                                                                    f"Obsolete_{slug(*key)}", {}, obsolete=True)})
            continue
        built, source = built_operation(key, specs, seed_ops, newest_first=newest is not None)
        stats[source.split(" (")[0]] = stats.get(source.split(" (")[0], 0) + 1
        doc = {
            "operation": operation_block(row, group_of(key, groups, built.get("tags", [])),
                                         built.get("operation_id") or f"seed_{slug(*key)}",
                                         built.get("path_params") or {}, schema_source=source),
            "request": copy.deepcopy(built.get("request")),
            "response": copy.deepcopy(built.get("response") or {"type": "object"}),
            "error": copy.deepcopy(ERROR_SCHEMA),
            "examples": {
                "request": copy.deepcopy((built.get("examples") or {}).get("request")),
                "response": copy.deepcopy((built.get("examples") or {}).get("response")),
            },
        }
        if source == "spec-2026-10":
            for part in ("request", "response"):
                default_formats(doc[part])
            default_formats(doc["operation"]["path_params"])
            documented_2026_10.apply(doc, key)
        stats["changelog_fields"] = stats.get("changelog_fields", 0) + len(changelog_2026.apply(doc, key))
        finish_document(doc, key, stats)
        name = slug(*key)
        if name in out:  # another spelling of a served path (`change_status` beside `change-status`)
            name = doc["operation"]["slug"] = f"{name}_underscored"
        out[name] = doc
        index.append({"file": f"{name}.json", "operation": doc["operation"]})
    notes = [note for spec in specs.values() for note in spec.conv.notes]
    return out, {"stats": stats, "notes": notes, "index": index}


def new_rows(rows, newest: SpecOps, newest_date: str | None) -> list:
    """Operations of a newer spec file the table does not know yet: current since the file's date."""
    known = {row.key for row in rows}
    date = newest_date or datetime.date.today().isoformat()
    return [operations_table.Row(method=m, path=p, sources=[newest.name], has_schema=True, first_seen=date,
                                 deprecated_on="", removed_on="", replaced_by="", note="new in the spec file")
            for m, p in sorted(newest.ops) if (m, p) not in known]


def operation_block(row, group: str, operation_id: str, path_params: dict, *, obsolete: bool = False,
                    schema_source: str = "") -> dict:
    block = {"method": row.method, "path": row.path, "operation_id": operation_id, "group": group,
             "sources": row.sources, "path_params": path_params, **row.lifecycle_meta()}
    if obsolete:
        block["obsolete"] = True
    else:
        block["schema_source"] = schema_source
    return block


def default_formats(node: Any) -> None:
    """The 2026-10 file's derived schemas carry no number formats: integers are taken as int64 (Ozon's
    ids and counts fit) and numbers as double, so generated values stay within what protojson carries."""
    if isinstance(node, dict):
        kinds = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
        if "format" not in node and "integer" in kinds:
            node["format"] = "int64"
        elif "format" not in node and "number" in kinds:
            node["format"] = "double"
        for value in node.values():
            default_formats(value)
    elif isinstance(node, list):
        for value in node:
            default_formats(value)


def finish_document(doc: dict, key: tuple[str, str], stats: dict) -> None:
    """Documented limits, the JSON Schema dialect, and a synthesized request where none is documented."""
    constraints.apply_all(doc)
    for part in ("request", "response", "error"):
        if doc[part] is not None:
            doc[part].pop("$schema", None)
            doc[part] = with_dialect(doc[part])
    if doc["request"] is not None and doc["examples"]["request"] is None and key[0] != "GET":
        doc["examples"]["request"] = synthesized_request(doc["request"], slug(*key))
        if doc["examples"]["request"] is not None:
            doc["examples"]["synthesized"] = ["request"]
            stats["request_examples_synthesized"] = stats.get("request_examples_synthesized", 0) + 1
    stats["request_examples"] += doc["examples"]["request"] is not None
    stats["response_examples"] += doc["examples"]["response"] is not None


sys.path.insert(0, str(ROOT))
from ozmock.catalog import FORMAT_CHECKER  # noqa: E402  (the runtime's date-time rule, so examples pass at run time too)


def synthesized_request(schema: dict, name: str) -> dict | None:
    """A realistic request for operations the documentation gives no example for (deterministic per
    operation), kept only when it validates against the request schema."""
    import random

    from ozmock.generate.synth import Synthesizer, Unsatisfiable

    validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    synth = Synthesizer(schema, random.Random(f"ozmock-request:{name}"),
                        validator_factory=lambda sub: validator.evolve(schema=sub))
    try:
        value = synth.value(schema, context=tuple(name.split("_")[2:]))
    except (Unsatisfiable, RecursionError, ValueError, TypeError):
        return None
    return value if isinstance(value, dict) and validator.is_valid(value) else None


def check_examples(docs: dict[str, dict]) -> list[str]:
    problems = []
    for name, doc in docs.items():
        for side in ("request",):
            ex, sch = doc["examples"][side], doc[side]
            if ex is None or sch is None:
                continue
            errs = sorted(Draft202012Validator(sch, format_checker=FORMAT_CHECKER).iter_errors(ex), key=lambda e: list(e.absolute_path))
            for e in errs:
                loc = "/".join(str(x) for x in e.absolute_path)
                problems.append(f"{doc['operation']['method']} {doc['operation']['path']} {side} at '{loc}': "
                                f"{e.message[:160]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "schemas"))
    ap.add_argument("--report", action="store_true", help="print conversion notes and response example mismatches")
    ap.add_argument("--no-check", action="store_true", help="write files even if a request example fails")
    ap.add_argument("--spec", help="a newer Ozon spec file to build from instead of ozon-seller-openapi-2026-10.json")
    ap.add_argument("--spec-date", help="the date of --spec (YYYY-MM-DD): first seen of its new operations")
    args = ap.parse_args(argv)
    shared = pathlib.Path(args.shared)
    outdir = pathlib.Path(args.out)
    docs, info = build_all(shared, pathlib.Path(args.spec) if args.spec else None, args.spec_date)

    problems = check_examples(docs)
    if problems:
        print(f"{len(problems)} request example(s) fail their schema:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        if not args.no_check:
            return 1

    outdir.mkdir(parents=True, exist_ok=True)
    wanted = {f"{n}.json" for n in docs}
    for old in outdir.glob("*.json"):
        if old.name not in wanted:
            old.unlink()
    for name, doc in sorted(docs.items()):
        Draft202012Validator.check_schema(doc["response"])
        if doc["request"] is not None:
            Draft202012Validator.check_schema(doc["request"])
        target = outdir / f"{name}.json"
        text = dump(doc)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    entries = sorted(info["index"], key=lambda e: e["file"] or slug(e["operation"]["method"], e["operation"]["path"]))
    index_lines = [json.dumps(entry, ensure_ascii=False, sort_keys=True) for entry in entries]
    index_text = "\n".join(index_lines) + "\n"
    index = outdir / "operations.jsonl"
    if not index.exists() or index.read_text(encoding="utf-8") != index_text:
        index.write_text(index_text, encoding="utf-8")
    st = info["stats"]
    print(f"wrote {len(docs)} files to {outdir}: {st}")
    cs = constraints.STATS
    print(f"constraints applied: {cs['constraints']} ({len(cs['already'])} already in the spec schema), "
          f"widenings applied: {cs['widenings']}, constraint locations missing in seed schemas: {len(cs['missing'])}")
    for m in cs["missing"]:
        print(f"  missing: {m}")
    if args.report:
        for n in info["notes"]:
            print(f"note {n['spec']} {n['kind']}: {n['where']}: {n['detail']}")
        for name, doc in sorted(docs.items()):
            ex, sch = doc["examples"]["response"], doc["response"]
            if ex is None:
                continue
            for e in Draft202012Validator(sch).iter_errors(ex):
                loc = "/".join(str(x) for x in e.absolute_path)
                print(f"response-example {doc['operation']['method']} {doc['operation']['path']} at '{loc}': "
                      f"{e.message[:140]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
