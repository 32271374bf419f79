"""The JSON Schema (draft 2020-12) of schema version 1, generated from the field table.

Editors that speak the YAML language server read it for completion, hover help and
checks as you type. It says what the loader checks of each record's shape; what
needs the whole file (references between records, unique ids) or a calendar is the
loader's alone, and the schema's description says so.

A copy ships in the package (``data/schema-v1.json``); a test keeps it equal to
what :func:`schema_text` generates.
"""

from __future__ import annotations

import json
from typing import Any

from .fields import (
    CHOICE,
    DATE,
    EXTRA_DESCRIPTION,
    FLAG,
    ID,
    LIST,
    MARKDOWN,
    RECORD,
    RECORDS,
    REF,
    REFS,
    SLUG_PATTERN,
    SPECS,
    TAGS,
    TEXT,
    VERSION,
    Field,
    Spec,
)
from .model import SCHEMA_VERSION

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_PATTERN = f"^{SLUG_PATTERN}$"
# Something other than spaces and control characters (which the loader removes).
TEXT_PATTERN = "[^\\s\\u0000-\\u001f\\u007f-\\u009f]"
_YEAR = "(?!0000)[0-9]{4}"
_DAYS_31 = "(?:0[13578]|1[02])(?:-(?:0[1-9]|[12][0-9]|3[01]))?"
_DAYS_30 = "(?:0[469]|11)(?:-(?:0[1-9]|[12][0-9]|30))?"
_DAYS_FEB = "02(?:-(?:0[1-9]|1[0-9]|2[0-9]))?"
_DAY = f"{_YEAR}(?:-(?:{_DAYS_31}|{_DAYS_30}|{_DAYS_FEB}))?"
DATE_PATTERN = f"^{_DAY}(?:/{_DAY})?$"

DESCRIPTION = (
    "A briefing for the `briefing` reader: sections that pair a claim (what an actor asserts, "
    "with attributed quotes) with the analysis and the sources behind both. This schema checks "
    "the shape of each record. References between records (a section's article, group and "
    "actors, speakers, citations, related sections) and unique ids are checked by the loader "
    "alone, as are leap days and date ranges that end before they start: run "
    "`briefing validate --strict FILE`. Unknown fields are errors except under `extra:`."
)


def _field(field: Field) -> dict[str, Any]:
    """One field's schema; an optional field may also be null (YAML's empty value)."""
    nullable = not field.required
    kind = field.kind
    out: dict[str, Any] = {"title": field.name, "description": field.description}
    if kind in (TEXT, MARKDOWN):
        # A bare number is text as written (`title: 1984`).
        out["type"] = ["string", "number"]
        out["pattern"] = TEXT_PATTERN
    elif kind in (ID, REF):
        # A bare whole number is an id as written (`id: 2022`).
        out["type"] = ["string", "integer"]
        out["pattern"] = ID_PATTERN
        out["minimum"] = 0
    elif kind == REFS:
        out["type"] = "array"
        out["items"] = {"type": "string", "pattern": ID_PATTERN}
    elif kind == CHOICE:
        out["type"] = "string"
        out["enum"] = list(field.choices)
        if nullable:
            out["enum"].append(None)
    elif kind == DATE:
        # A bare year is a date as written (`date: 2022`).
        out["type"] = ["string", "integer"]
        out["pattern"] = DATE_PATTERN
        out["minimum"] = 1000
        out["maximum"] = 9999
    elif kind == FLAG:
        out["type"] = "boolean"
    elif kind == TAGS:
        out["type"] = "array"
        out["items"] = {"type": ["string", "number"], "pattern": "\\S"}
    elif kind == RECORD:
        out["$ref"] = f"#/$defs/{field.target}"
    elif kind in (RECORDS, LIST):
        out["type"] = "array"
        out["items"] = {"$ref": f"#/$defs/{field.target}"}
        if field.required:
            out["minItems"] = 1
    elif kind == VERSION:
        out["const"] = SCHEMA_VERSION
    else:  # pragma: no cover - the table's kinds are fixed
        raise AssertionError(f"no schema for {kind!r}")
    if nullable and "type" in out:
        kinds = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = [*kinds, "null"]
    return out


def _record(spec: Spec) -> dict[str, Any]:
    properties = {f.name: _field(f) for f in spec.fields}
    properties["extra"] = {"title": "extra", "description": EXTRA_DESCRIPTION, "type": "object"}
    out: dict[str, Any] = {"title": spec.title, "description": spec.description, "type": "object"}
    required = [f.name for f in spec.fields if f.required]
    if required:
        out["required"] = required
    out["properties"] = properties
    out["additionalProperties"] = False
    return out


def schema() -> dict[str, Any]:
    """The JSON Schema of a briefing file, as a dict."""
    root = _record(SPECS["Root"])
    return {
        "$schema": DRAFT,
        "title": f"Briefing, schema version {SCHEMA_VERSION}",
        "description": DESCRIPTION,
        **{k: v for k, v in root.items() if k not in ("title", "description")},
        "$defs": {name: _record(spec) for name, spec in SPECS.items() if name != "Root"},
    }


def schema_text() -> str:
    """The schema as the file that ships in the package: indented JSON, one final newline."""
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
