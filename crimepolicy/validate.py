"""Validation of every input of the book, driven by the data package (registry).

For each resource, in this order, stopping at the first layer that finds a problem:

1. structure (`csvfile`): UTF-8, header with exactly the described columns, one line per
   row, as many cells as columns;
2. values that are only spaces;
3. Frictionless, on the rows as read: types, required values, allowed values, patterns,
   ranges, primary keys and foreign keys (also composite ones);
4. the checks Frictionless cannot make, run for every resource by the properties of its
   columns (`x-check`: quotes verbatim in their document, real dates of the stated
   precision, ISO 3166 codes that agree with the actor's name, https addresses;
   `x-list` and `x-values-from`), its `uniqueKeys`, and its `x-rules`.

Every problem is a CrimePolicyError naming the file, the line, the column, what is wrong
and what would be right.
"""

import contextlib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import countries, dates, quotes, registry
from .csvfile import Table, read_table, read_text
from .errors import CrimePolicyError
from .paths import root as find_root
from .paths import seeds_dir, shown

MAX_PER_TABLE = 10  # problems reported per table; the rest are usually the same mistake
TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "date": "a date (YYYY-MM-DD)",
}


@dataclass
class Run:
    """What one validation run has read so far (tables, documents), so that nothing is
    read or validated twice."""

    root: Path
    tables: dict = field(default_factory=dict)  # name -> Table
    failed: dict = field(default_factory=dict)  # name -> list of problems
    valid: set = field(default_factory=set)
    _documents: dict | None = None
    _package: object = None
    _package_names: set = field(default_factory=set)

    def table(self, name: str) -> Table:
        if name not in self.tables:
            res = registry.resource(name, self.root)
            columns = [f["name"] for f in res["schema"]["fields"]]
            self.tables[name] = read_table(registry.path_of(name, self.root), columns)
        return self.tables[name]

    def frictionless_resource(self, name: str):
        """Resource `name` of one Frictionless package holding every table read so far
        (built again only when a table it lacks is needed)."""
        import frictionless

        wanted = {name, *_references(registry.resource(name, self.root))}
        if self._package is None or not wanted <= self._package_names:
            names = [n for n in registry.names(self.root) if n in self.tables or n in wanted]
            resources = []
            for other in names:
                table = self.table(other)
                # Foreign keys are checked by `_foreign_keys`: Frictionless re-reads every
                # referenced table for each table it validates, which is most of its time.
                schema = dict(registry.resource(other, self.root)["schema"], foreignKeys=[])
                resources.append(
                    {"name": other, "schema": schema, "data": [table.header, *table.rows]}
                )
            with frictionless.system.use_context(trusted=True):
                self._package = frictionless.Package({"resources": resources})
            self._package_names = set(names)
        return self._package.get_resource(name)

    def documents(self) -> dict:
        """{doc_id: text} of the catalogued documents (checksums verified)."""
        if self._documents is None:
            self._documents = dict(read_documents(self, self.root))
        return self._documents


def new_run(root=None) -> Run:
    return Run(find_root(root))


# --- the documents ------------------------------------------------------------------


def read_documents(run: Run, root) -> list[tuple[str, str]]:
    """(doc_id, text) for every catalogued document, verified: the catalog validates, each
    file exists, is UTF-8 and not empty, and has the catalog's checksum."""
    raise_first(problems(run, "catalog"))
    catalog = run.table("catalog").records()
    folder = seeds_dir(root)
    found = []
    for row in catalog:
        path = folder / row["file"]
        where = shown(registry.path_of("catalog", root))
        if not path.is_file():
            raise CrimePolicyError(
                where,
                f"the catalogued file seeds/{row['file']} is missing",
                row["line"],
                "file",
                hint="restore the document, or remove its row",
            )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != row["sha256"]:
            raise CrimePolicyError(
                where,
                f"seeds/{row['file']} has checksum {digest[:12]}…, not {row['sha256'][:12]}…: "
                "the document was changed",
                row["line"],
                "sha256",
                hint="documents are never edited; restore the original file "
                "(add a changed text as a new document)",
            )
        text = read_text(path)
        if not text.strip():
            raise CrimePolicyError(shown(path), "the document is empty")
        found.append((row["doc_id"], text))
    return found


def stray_files(root=None) -> list[CrimePolicyError]:
    """Files under data/ and seeds/ (sub-folders and hidden files included) that are
    neither a resource, nor a catalogued document, nor listed in `x-other-files`."""
    root = find_root(root)
    described = {registry.path_of(name, root) for name in registry.names(root)}
    catalogued = None
    # The catalog's own problem is reported where it is validated.
    with contextlib.suppress(CrimePolicyError):
        catalogued = {
            (seeds_dir(root) / r["file"]).resolve()
            for r in read_table(registry.path_of("catalog", root)).records()
            if "file" in r
        }
    found = []
    for folder in (root / "data", root / "seeds"):
        for path in sorted(folder.rglob("*")):
            if path.is_dir() or path.resolve() in described:
                continue
            if path.parent.resolve() == seeds_dir(root).resolve() and path.suffix == ".txt":
                if catalogued is not None and path.resolve() not in catalogued:
                    found.append(
                        CrimePolicyError(
                            shown(path),
                            "the document has no row in seeds/catalog.csv",
                            hint="add it with `python -m crimepolicy add`, or remove it",
                        )
                    )
                continue
            if not registry.is_other_file(path, root):
                found.append(
                    CrimePolicyError(
                        shown(path),
                        "is not described in data/datapackage.yml",
                        hint="describe it as a resource, list it under x-other-files, or remove it",
                    )
                )
    return found


# --- one resource ---------------------------------------------------------------------


def raise_first(found: list[CrimePolicyError]) -> None:
    if found:
        raise found[0]


def require_valid(run: Run, name: str) -> None:
    """Raise the first problem that keeps resource `name` from being valid: its own, or
    that of a table or document it depends on."""
    raise_first(problems(run, name))
    if name in run.valid:
        return
    res = registry.resource(name, run.root)
    if _has_quotes(res):
        run.documents()  # raises the documents' problem
    for other in _references(res):
        if other != name:
            require_valid(run, other)
    raise CrimePolicyError(registry.path_of(name, run.root), "could not be validated")


def problems(run: Run, name: str) -> list[CrimePolicyError]:
    """Every problem of resource `name` (at most MAX_PER_TABLE), validating the tables it
    refers to first. Cached in the run."""
    if name in run.valid:
        return []
    if name in run.failed:
        return run.failed[name]

    run.failed[name] = []  # a table that refers to itself must not recurse
    res = registry.resource(name, run.root)
    try:
        run.table(name)
    except CrimePolicyError as exc:
        run.failed[name] = [exc]
        return run.failed[name]
    for other in _references(res):
        if other != name:
            problems(run, other)
            if other not in run.valid:
                # Its own problems are reported under its own name; checks that need it
                # would only repeat them.
                return run.failed[name]
    if _has_quotes(res):
        try:
            run.documents()
        except CrimePolicyError:
            # The documents' own problem is reported for the catalog and the seeds;
            # quotes cannot be checked against them.
            run.failed[name] = []
            return []
    found = _blank_values(run, res)
    if not found:
        found = _frictionless(run, res)
    if not found:
        # Each layer runs only when the one before found nothing, so that one mistake is
        # one message, not the same mistake seen by several checks.
        for layer in (_foreign_keys, _presence_rules, _field_checks, _unique_keys, _rules):
            found = layer(run, res)
            if found:
                break
    found = found[:MAX_PER_TABLE]
    if found:
        run.failed[name] = found
    else:
        run.failed.pop(name)
        run.valid.add(name)
    return found


def _has_quotes(res: dict) -> bool:
    return any(f.get("x-check") == "quote" for f in res["schema"]["fields"])


def _references(res: dict) -> list[str]:
    """The other resources a resource's checks read."""
    found = []
    schema = res["schema"]
    for key in schema.get("foreignKeys", []):
        found.append(key["reference"]["resource"] or res["name"])
    for f in schema["fields"]:
        if "x-values-from" in f:
            found.append(f["x-values-from"]["resource"])
    for rule in res.get("x-rules", []):
        # Tables named in `across` are only read, not required to be valid.
        found += [r for r in [rule.get("resource")] if r]
        if rule["rule"] == "date-within-event":
            found.append("events")
    if _has_quotes(res) or any(f["name"] == "doc_id" for f in schema["fields"]):
        found.append("catalog")
    if any(f.get("x-check") in ("iso3", "state-name") for f in schema["fields"]):
        found.append("state_aliases")
    return list(dict.fromkeys(found))


def _where(run: Run, res: dict) -> str:
    return shown(registry.path_of(res["name"], run.root), run.root)


def _blank_values(run: Run, res: dict) -> list[CrimePolicyError]:
    table, where = run.table(res["name"]), _where(run, res)
    found = []
    for row, line in zip(table.rows, table.lines, strict=True):
        for column, value in zip(table.header, row, strict=True):
            if value and not value.strip():
                found.append(
                    CrimePolicyError(
                        where, "the value is only spaces", line, column, "empty the cell or fill it"
                    )
                )
            elif value != value.strip():
                found.append(
                    CrimePolicyError(
                        where,
                        f"the value '{value}' starts or ends with a space",
                        line,
                        column,
                        "remove the spaces",
                    )
                )
    return found


def _frictionless(run: Run, res: dict) -> list[CrimePolicyError]:
    """Types, constraints and keys, by Frictionless, on the rows as read."""
    import frictionless

    resource = run.frictionless_resource(res["name"])
    with frictionless.system.use_context(trusted=True):
        report = resource.validate()
    errors = [e for task in report.tasks for e in task.errors] + list(report.errors)
    return [_translate(run, res, error) for error in errors]


def _translate(run: Run, res: dict, error) -> CrimePolicyError:
    """A Frictionless error as one of ours, in plain words."""
    where = _where(run, res)
    table = run.table(res["name"])
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    row_number = getattr(error, "row_number", None)
    # Frictionless numbers the header row 1 and data rows from 2, as our lines do when no
    # value spans lines (which the reader refuses).
    line = table.lines[row_number - 2] if row_number and row_number >= 2 else row_number
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    kind = error.type
    if kind == "type-error":
        expected = TYPE_WORDS.get(fields[column]["type"], fields[column]["type"])
        return CrimePolicyError(where, f"'{cell}' is not {expected}", line, column)
    if kind == "constraint-error":
        rules = fields[column].get("constraints", {})
        if rules.get("required") and (cell is None or cell == ""):
            return CrimePolicyError(where, "the value is empty", line, column, "it is required")
        if "enum" in rules and cell not in rules["enum"]:
            allowed = ", ".join(map(str, rules["enum"]))
            return CrimePolicyError(
                where, f"'{cell}' is not allowed here", line, column, f"use one of: {allowed}"
            )
        if "maxLength" in rules and len(str(cell)) > rules["maxLength"]:
            return CrimePolicyError(
                where,
                f"the value is {len(str(cell))} characters long",
                line,
                column,
                f"at most {rules['maxLength']}",
            )
        low, high = rules.get("minimum"), rules.get("maximum")
        try:
            number = float(cell)
        except (TypeError, ValueError):
            number = None
        if number is not None and (
            (low is not None and number < low) or (high is not None and number > high)
        ):
            return CrimePolicyError(
                where, f"{cell} is out of range", line, column, f"use a value from {low} to {high}"
            )
        return CrimePolicyError(
            where,
            f"'{cell}' does not have the expected form",
            line,
            column,
            f"expected: {fields[column].get('description', rules.get('pattern', ''))}",
        )
    if kind == "primary-key":
        key = res["schema"]["primaryKey"]
        return _repeated(where, table, key, line)
    if kind == "foreign-key":
        target = error.reference_name or res["name"]
        target_path = shown(registry.path_of(target, run.root), run.root)
        values = ", ".join(f"'{v}'" for v in error.field_cells)
        columns = ", ".join(error.field_names)
        return CrimePolicyError(
            where,
            f"{values} is not a known {', '.join(error.reference_field_names)} of {target_path}",
            line,
            columns,
            "add it there first, or correct the value",
        )
    return CrimePolicyError(where, f"{error.title}: {error.note}", line, column)


def _repeated(where: str, table: Table, key: list[str], line) -> CrimePolicyError:
    index = [table.header.index(k) for k in key]
    values = {}
    for row, at in zip(table.rows, table.lines, strict=True):
        combo = tuple(row[i] for i in index)
        if at == line:
            first = values.get(combo)
            shown_key = ", ".join(f"'{v}'" for v in combo)
            return CrimePolicyError(
                where,
                f"{' and '.join(key)} {shown_key} repeats line {first}",
                line,
                key[0],
                "each row needs its own" if len(key) == 1 else "each combination may occur once",
            )
        values.setdefault(combo, at)
    return CrimePolicyError(where, "a key repeats", line, key[0])


def _foreign_keys(run: Run, res: dict) -> list[CrimePolicyError]:
    """Every foreign key (composite ones too): the row's values, where all are filled,
    must be a row of the referenced table."""
    table, where = run.table(res["name"]), _where(run, res)
    found, failed_lines = [], set()
    for key in res["schema"].get("foreignKeys", []):
        target = key["reference"]["resource"] or res["name"]
        fields, targets = key["fields"], key["reference"]["fields"]
        known = {tuple(r[f] for f in targets) for r in run.table(target).records()}
        target_path = shown(registry.path_of(target, run.root), run.root)
        for record in table.records():
            values = tuple(record[f] for f in fields)
            if record["line"] in failed_lines:
                continue  # one message per row: its first key that fails
            if all(values) and values not in known:
                failed_lines.add(record["line"])
                shown_values = ", ".join(f"'{v}'" for v in values)
                found.append(
                    CrimePolicyError(
                        where,
                        f"{shown_values} is not a known {', '.join(targets)} of {target_path}",
                        record["line"],
                        fields[0],
                        "add it there first, or correct the value",
                    )
                )
    return found


def _field_checks(run: Run, res: dict) -> list[CrimePolicyError]:
    table, where = run.table(res["name"]), _where(run, res)
    found = []
    records = table.records()
    for f in res["schema"]["fields"]:
        column = f["name"]
        check = f.get("x-check")
        allowed = None
        if "x-values-from" in f:
            ref = f["x-values-from"]
            allowed = {r[ref["field"]] for r in run.table(ref["resource"]).records()}
        for record in records:
            value, line = record[column], record["line"]
            if not value:
                continue
            items = value.split(f["x-list"]) if "x-list" in f else [value]
            if allowed is not None:
                unknown = [i for i in items if i not in allowed]
                if unknown:
                    ref = f["x-values-from"]
                    found.append(
                        CrimePolicyError(
                            where,
                            f"'{unknown[0]}' is not a known {ref['field']} of "
                            f"{shown(registry.path_of(ref['resource'], run.root), run.root)}",
                            line,
                            column,
                            f"use values from there, separated by '{f.get('x-list', '')}' "
                            "without spaces"
                            if "x-list" in f
                            else "use a value from there",
                        )
                    )
            if check:
                problem = _check_value(run, check, f, record)
                if problem:
                    found.append(CrimePolicyError(where, problem[0], line, column, problem[1]))
    return found


def _check_value(run: Run, check: str, f: dict, record: dict) -> tuple[str, str] | None:
    """(problem, hint) for one value under one x-check, or None."""
    value = record[f["name"]]
    if check == "quote":
        texts = run.documents()
        doc_id = record.get("doc_id", "")
        if doc_id not in texts:
            return None  # the doc_id's own problem is reported by its foreign key
        if not quotes.contains(texts[doc_id], value):
            return (
                f"the quote is not verbatim in {doc_id}: '{value[:70]}'",
                "copy the span from the document (only whitespace may differ)",
            )
    elif check == "date":
        wrong = dates.problem(value)
        if wrong:
            return wrong, "write YYYY, YYYY-MM or YYYY-MM-DD"
        precision_field = f.get("x-precision-field")
        if precision_field and record[precision_field]:
            stated = record[precision_field]
            actual = dates.precision(value)
            if stated != actual:
                return (
                    f"'{value}' is of {actual} precision, but {precision_field} says {stated}",
                    "make the date and its precision agree",
                )
    elif check == "iso3":
        if not countries.is_code(value):
            return f"'{value}' is not an ISO 3166-1 alpha-3 code", "use a code like 'EGY'"
        name_field = f.get("x-name-field")
        if name_field and record[name_field]:
            named = countries.code(record[name_field], run.root)
            if named != value:
                expected = f"'{named}'" if named else "a state's code"
                return (
                    f"'{value}' is the code of {countries.name(value)}, "
                    f"but {name_field} is '{record[name_field]}'",
                    f"for '{record[name_field]}' use {expected}",
                )
    elif check == "state-name":
        if countries.code(value, run.root) is None:
            return (
                f"'{value}' is not the name of a state",
                "use its ISO 3166 name, or add the form to data/state_aliases.csv",
            )
    elif check == "https" and not value.startswith("https://"):
        return f"'{value[:60]}' is not an https:// address", "give the https address of the page"
    return None


def _unique_keys(run: Run, res: dict) -> list[CrimePolicyError]:
    table, where = run.table(res["name"]), _where(run, res)
    found = []
    for key in res["schema"].get("uniqueKeys", []):
        index = [table.header.index(k) for k in key]
        seen = {}
        for row, line in zip(table.rows, table.lines, strict=True):
            combo = tuple(row[i] for i in index)
            if not all(combo):
                continue  # like SQL, a key with an empty part does not collide
            if combo in seen:
                found.append(_repeated(where, table, key, line))
            seen.setdefault(combo, line)
    return found


def _when(rule: dict, record: dict) -> bool:
    condition = rule["when"]
    value = record[condition["field"]]
    if "filled" in condition:
        return bool(value) == condition["filled"]
    return value in condition["in"]


def _describe(rule: dict) -> str:
    condition = rule["when"]
    if "filled" in condition:
        return f"{condition['field']} is filled"
    return f"{condition['field']} is {' or '.join(condition['in'])}"


PRESENCE = ("filled-when", "required-when", "empty-unless")


def _presence_rules(run: Run, res: dict) -> list[CrimePolicyError]:
    """The rules on which cells must be filled (before the values are checked)."""
    return _rules(run, res, only=PRESENCE)


def _rules(run: Run, res: dict, only=None) -> list[CrimePolicyError]:
    """The resource's `x-rules`, stated as data in the descriptor (`only`: these kinds;
    default: every kind but the presence rules)."""
    table, where = run.table(res["name"]), _where(run, res)
    records = table.records()
    found = []
    for rule in res.get("x-rules", []):
        kind = rule["rule"]
        if (kind in PRESENCE) != (only is not None):
            continue
        for record in records:
            line = record["line"]
            if kind == "filled-when":
                if bool(record[rule["field"]]) != _when(rule, record):
                    found.append(
                        CrimePolicyError(
                            where,
                            f"{rule['field']} must be filled when {_describe(rule)}, and only then",
                            line,
                            rule["field"],
                        )
                    )
            elif kind == "required-when":
                if not record[rule["field"]] and _when(rule, record):
                    found.append(
                        CrimePolicyError(
                            where,
                            f"{rule['field']} must be filled when {_describe(rule)}",
                            line,
                            rule["field"],
                        )
                    )
            elif kind == "empty-unless":
                if record[rule["field"]] and not _when(rule, record):
                    found.append(
                        CrimePolicyError(
                            where,
                            f"{rule['field']} may be filled only when {_describe(rule)}",
                            line,
                            rule["field"],
                        )
                    )
            elif kind == "not-before":
                start, end = record[rule["start"]], record[rule["field"]]
                if start and end and dates.span(end)[1] < dates.span(start)[0]:
                    found.append(
                        CrimePolicyError(
                            where,
                            f"{rule['field']} {end} is before {rule['start']} {start}",
                            line,
                            rule["field"],
                            "swap or correct the dates",
                        )
                    )
            elif kind == "within":
                inner, outer = record[rule["field"]], record[rule["period"]]
                if inner and outer:
                    (a, b), (c, d) = dates.span(inner), dates.span(outer)
                    if a < c or b > d:
                        found.append(
                            CrimePolicyError(
                                where,
                                f"{rule['field']} {inner} is not within {rule['period']} {outer}",
                                line,
                                rule["field"],
                            )
                        )
        if kind == "same-value":
            found += _same_value(run, res, rule)
        elif kind == "absent-from":
            found += _absent_from(run, res, rule)
        elif kind == "date-within-event":
            found += _date_within_event(run, res, rule)
        elif kind == "row-of-named-table":
            found += _row_of_named_table(run, res, rule)
    return found


def _row_of_named_table(run: Run, res: dict, rule: dict) -> list[CrimePolicyError]:
    """The value of `field` must be a row id of the table that `table-field` names."""
    where = _where(run, res)
    found, ids = [], {}
    for record in run.table(res["name"]).records():
        table, value = record[rule["table-field"]], record[rule["field"]]
        if table not in ids:
            try:
                ids[table] = {r["id"] for r in run.table(table).records()}
            except CrimePolicyError:
                ids[table] = None
        if ids[table] is None:
            found.append(CrimePolicyError(where, f"'{table}' is not a table of the data package",
                                          record["line"], rule["table-field"]))  # fmt: skip
        elif value not in ids[table]:
            found.append(CrimePolicyError(where, f"'{value}' is not a row id of {table}",
                                          record["line"], rule["field"]))  # fmt: skip
    return found


def _same_value(run: Run, res: dict, rule: dict) -> list[CrimePolicyError]:
    """One `value` per `key`, within the table and across the tables named."""
    where = _where(run, res)
    first = {}
    for other in rule.get("across", []):
        problems(run, other)
        if other not in run.valid:
            continue  # its own problems are reported under its own name
        others = run.table(other).records()
        for record in others:
            if record.get(rule["key"]) and record.get(rule["value"]):
                first.setdefault(record[rule["key"]], (record[rule["value"]], other))
    found = []
    for record in run.table(res["name"]).records():
        key, value = record[rule["key"]], record[rule["value"]]
        if not key:
            continue
        seen, origin = first.setdefault(key, (value, res["name"]))
        if seen != value:
            found.append(
                CrimePolicyError(
                    where,
                    f"{rule['key']} '{key}' is '{seen}' in {origin}.csv but '{value}' here",
                    record["line"],
                    rule["value"],
                    f"use one {rule['value']} for each {rule['key']}",
                )
            )
    return found


def _absent_from(run: Run, res: dict, rule: dict) -> list[CrimePolicyError]:
    where = _where(run, res)
    fields = rule["fields"]
    other = {tuple(r[f] for f in fields) for r in run.table(rule["resource"]).records()}
    return [
        CrimePolicyError(
            where,
            f"{' and '.join(fields)} {', '.join(record[f] for f in fields)} also have a row in "
            f"{rule['resource']}.csv",
            record["line"],
            fields[-1],
            "a row belongs in one of the two tables",
        )
        for record in run.table(res["name"]).records()
        if tuple(record[f] for f in fields) in other
    ]


def _date_within_event(run: Run, res: dict, rule: dict) -> list[CrimePolicyError]:
    """The row's date must overlap the dates of its event (any row of that event)."""
    where = _where(run, res)
    spans = {}
    for event in run.table("events").records():
        spans.setdefault(event["event_key"], []).append(dates.span(event["start"], event["end"]))
    found = []
    for record in run.table(res["name"]).records():
        key, value = record[rule["event"]], record[rule["field"]]
        if not key or not value or key not in spans:
            continue
        first, last = dates.span(value)
        if not any(first <= end and start <= last for start, end in spans[key]):
            known = "; ".join(f"{s.date()} to {e.date()}" for s, e in spans[key])
            found.append(
                CrimePolicyError(
                    where,
                    f"{rule['field']} {value} is outside the dates of event '{key}' ({known})",
                    record["line"],
                    rule["field"],
                    "correct the date or the event",
                )
            )
    return found


# --- everything -----------------------------------------------------------------------


def check_all(root=None) -> tuple[list[CrimePolicyError], dict]:
    """Validate every input: the data package against its source, stray files, every
    resource, and the documents. Returns (problems, summary counts)."""
    run = new_run(root)
    found = []
    try:
        stale = registry.stale_package_problem(run.root)
        if stale:
            return [stale], {}
        names = registry.names(run.root)
    except CrimePolicyError as exc:
        return [exc], {}
    found += stray_files(run.root)
    for name in names:
        # Read every table first, so that one package holds them all; a table that cannot
        # be read is reported below, under its own name.
        with contextlib.suppress(CrimePolicyError):
            run.table(name)
    for name in names:
        found += problems(run, name)
    if not run.failed.get("catalog"):
        try:
            run.documents()
        except CrimePolicyError as exc:
            found.append(exc)
    summary = {
        "documents": len(run._documents or {}),
        "tables": len(names),
        "rows": sum(len(t.rows) for t in run.tables.values()),
    }
    return found, summary
