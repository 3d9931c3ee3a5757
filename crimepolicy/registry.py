"""The registry of the book's data: one declarative descriptor for every file under
`data/` (and the catalog in `seeds/`).

`data/datapackage.yml` is the source, written by hand, with shared fields and value
lists defined once (YAML anchors). `data/datapackage.json` is written from it by
`python -m crimepolicy package` and checked in, so that the published package is a
standard Frictionless data package. The package reads the JSON, once per run (it is
cached by the file's size and modification time).
"""

import json
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

from .errors import CrimePolicyError
from .paths import data_dir, shown

SOURCE = "datapackage.yml"
PACKAGE = "datapackage.json"
KINDS = ("catalog", "vocabulary", "evidence", "context", "reliability")
RULES = (
    "filled-when",
    "required-when",
    "empty-unless",
    "not-before",
    "within",
    "same-value",
    "absent-from",
    "date-within-event",
    "row-of-named-table",
)
CHECKS = ("quote", "date", "iso3", "state-name", "https")


def source_path(root=None) -> Path:
    return data_dir(root) / SOURCE


def package_path(root=None) -> Path:
    return data_dir(root) / PACKAGE


def generate(root=None) -> dict:
    """The package descriptor written from `data/datapackage.yml` (anchors resolved,
    `x-shared` dropped), checked for consistency."""
    import yaml

    path = source_path(root)
    if not path.is_file():
        raise CrimePolicyError(shown(path), "the data package source is missing")
    try:
        source = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CrimePolicyError(
            shown(path),
            f"is not valid YAML ({getattr(exc, 'problem', exc)})",
            mark.line + 1 if mark else None,
        ) from None
    if not isinstance(source, dict) or not isinstance(source.get("resources"), list):
        raise CrimePolicyError(shown(path), "has no list of resources")
    source.pop("x-shared", None)
    defaults = source.pop("x-resource-defaults", {})
    # Anchored mappings are shared objects in the parsed YAML: copy before use.
    descriptor = json.loads(json.dumps(source))
    resources = []
    for res in descriptor["resources"]:
        resources.append({"name": res.get("name"), "path": res.get("path"), **defaults, **res})
        if res.get("x-double-coding"):
            resources.append({**defaults, **_second_coding(res)})
    descriptor["resources"] = resources
    _check_descriptor(descriptor, shown(path))
    return descriptor


def _second_coding(res: dict) -> dict:
    """The resource of a table's second coding (`data/reliability/<table>.csv`), written
    from the table's `x-double-coding`: its unit (the table's row id), the coded fields
    with the table's own types and allowed values, and a note."""
    spec = res["x-double-coding"]
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    keys = res["schema"].get("foreignKeys", [])
    coded = []
    for name in spec["coded"]:
        field = {k: v for k, v in fields[name].items() if k not in ("x-check",)}
        field["description"] = f"The second coder's {name}: {fields[name].get('description', '')}"
        # Every coded value is required, except a list of codes, which may be empty when
        # the table's own field may be (an event that bears on no thread): empty is a value.
        required = "x-list" not in fields[name] or fields[name].get("constraints", {}).get(
            "required", False
        )
        field["constraints"] = {**fields[name].get("constraints", {}), "required": required}
        for key in keys:
            if name in key["fields"]:
                target = key["reference"]["resource"] or res["name"]
                other = key["reference"]["fields"][key["fields"].index(name)]
                field["x-values-from"] = {"resource": target, "field": other}
                break
        coded.append(field)
    return {
        "name": f"second_{res['name']}",
        "path": f"reliability/{res['path']}",
        "title": f"Second coding: {res.get('title', res['name'])}",
        "description": (
            f"A second coder's values for the units of {res['path']}, coded from the "
            "documents and the codebook without seeing the first coding."
        ),
        "x-kind": "reliability",
        "x-codebook": "codebook-reliability",
        "schema": {
            "fields": [
                {"name": "unit", "type": "string", "description": f"The row id in {res['path']}.",
                 "constraints": {"required": True}},
                *coded,
                {"name": "note", "type": "string",
                 "description": "The second coder's note on the unit."},
            ],
            "primaryKey": ["unit"],
            "foreignKeys": [
                {"fields": ["unit"], "reference": {"resource": res["name"], "fields": ["id"]}}
            ],
        },
    }  # fmt: skip


def dumps(descriptor: dict) -> str:
    """The descriptor as the text of datapackage.json."""
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def write_package(root=None) -> Path:
    """Write `data/datapackage.json` from `data/datapackage.yml` (a maintainer's command,
    never run by the build); returns its path."""
    path = package_path(root)
    path.write_text(dumps(generate(root)), encoding="utf-8")
    return path


def stale_package_problem(root=None) -> CrimePolicyError | None:
    """A problem if datapackage.json is missing or differs from what the YAML gives."""
    path = package_path(root)
    expected = dumps(generate(root))
    if not path.is_file() or path.read_text(encoding="utf-8") != expected:
        return CrimePolicyError(
            shown(path),
            f"does not match {SOURCE}",
            hint="run `python -m crimepolicy package` to write it again, and commit both",
        )
    return None


@lru_cache(maxsize=8)
def _parsed(path: str, size: int, mtime_ns: int) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CrimePolicyError(
            shown(path), f"is not valid JSON ({exc})", hint="run `python -m crimepolicy package`"
        ) from None


def descriptor(root=None) -> dict:
    """The data package descriptor (datapackage.json), parsed once per run. Do not
    modify the returned dict."""
    path = package_path(root)
    if not path.is_file():
        raise CrimePolicyError(
            shown(path), "the data package is missing", hint="run `python -m crimepolicy package`"
        )
    stat = path.stat()
    return _parsed(str(path), stat.st_size, stat.st_mtime_ns)


def resources(root=None, kind: str | None = None) -> list[dict]:
    """The package's resource descriptors, in order; only those of `kind` if given."""
    found = descriptor(root)["resources"]
    return [r for r in found if kind is None or r.get("x-kind") == kind]


def names(root=None, kind: str | None = None) -> list[str]:
    return [r["name"] for r in resources(root, kind)]


def resource(name: str, root=None) -> dict:
    """The descriptor of resource `name`."""
    for found in resources(root):
        if found["name"] == name:
            return found
    raise CrimePolicyError(
        shown(package_path(root)),
        f"no table named '{name}'",
        hint=f"the tables are: {', '.join(names(root))}",
    )


def path_of(name: str, root=None) -> Path:
    """The file of resource `name` (paths in the package are relative to data/)."""
    return (data_dir(root) / resource(name, root)["path"]).resolve()


def field(name: str, column: str, root=None) -> dict:
    """The field descriptor of `column` in resource `name`."""
    for found in resource(name, root)["schema"]["fields"]:
        if found["name"] == column:
            return found
    raise CrimePolicyError(shown(package_path(root)), f"table '{name}' has no field '{column}'")


def enum(name: str, column: str, root=None) -> list:
    """The allowed values of a field (its `enum` constraint)."""
    return list(field(name, column, root).get("constraints", {}).get("enum", []))


def other_files(root=None) -> list[dict]:
    """Files under data/ and seeds/ that are not resources, each with `path` (relative to
    data/, may be a glob) and `why`."""
    return list(descriptor(root).get("x-other-files", []))


def is_other_file(path: Path, root=None) -> bool:
    """True when `path` is listed (exactly or by a glob) among the package's other files."""
    relative = path.resolve().relative_to(data_dir(root).parent.resolve()).as_posix()
    return any(
        _matches(relative, _normalise(f"data/{entry['path']}")) for entry in other_files(root)
    )


def _matches(path: str, pattern: str) -> bool:
    """Glob match part by part, so that `*` never crosses a folder ('seeds/*.txt' does not
    match 'seeds/sub/a.txt')."""
    parts, wanted = path.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(map(fnmatch, parts, wanted))


def _normalise(posix: str) -> str:
    """'data/../seeds/x' -> 'seeds/x' (without touching the file system)."""
    parts = []
    for part in posix.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _check_descriptor(descriptor: dict, where: str) -> None:
    """Refuse a descriptor whose custom properties the checks would misread: unknown
    kinds, rules or checks, references to fields or tables that do not exist."""
    tables = {}
    for res in descriptor["resources"]:
        name = res.get("name", "?")
        if name in tables:
            raise CrimePolicyError(where, f"resource '{name}' is described twice")
        if res.get("x-kind") not in KINDS:
            raise CrimePolicyError(
                where, f"resource '{name}': x-kind must be one of {', '.join(KINDS)}"
            )
        tables[name] = [f["name"] for f in res.get("schema", {}).get("fields", [])]
    for res in descriptor["resources"]:
        name, fields = res["name"], tables[res["name"]]
        for f in res["schema"]["fields"]:
            check = f.get("x-check")
            if check is not None and check not in CHECKS:
                raise CrimePolicyError(where, f"{name}.{f['name']}: unknown x-check '{check}'")
            for key in ("x-precision-field", "x-name-field"):
                if key in f and f[key] not in fields:
                    raise CrimePolicyError(where, f"{name}.{f['name']}: {key} names no field")
            ref = f.get("x-values-from")
            if ref and ref.get("field") not in tables.get(ref.get("resource"), []):
                raise CrimePolicyError(where, f"{name}.{f['name']}: x-values-from names no field")
        summary = res.get("x-summary", {})
        for named in [summary.get("actor"), *summary.get("coded", [])]:
            if named and named not in fields:
                raise CrimePolicyError(
                    where, f"resource '{name}': x-summary names no field '{named}'"
                )
        for rule in res.get("x-rules", []):
            if rule.get("rule") not in RULES:
                raise CrimePolicyError(where, f"resource '{name}': unknown rule {rule}")
            named = [
                rule.get("field"),
                rule.get("start"),
                rule.get("period"),
                rule.get("key"),
                rule.get("value"),
                rule.get("event"),
                rule.get("table-field"),
                (rule.get("when") or {}).get("field"),
                *rule.get("fields", []),
            ]
            missing = [n for n in named if n and n not in fields]
            if missing:
                raise CrimePolicyError(
                    where, f"resource '{name}': rule {rule['rule']} names no field '{missing[0]}'"
                )
            for other in [rule.get("resource"), *rule.get("across", [])]:
                if other and other not in tables:
                    raise CrimePolicyError(
                        where, f"resource '{name}': rule {rule['rule']} names no table '{other}'"
                    )
