"""The JSON Schema: valid draft 2020-12, shipped as generated, and in agreement with the loader."""

from __future__ import annotations

import json
import re
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import fields
from briefing.cli import main
from briefing.load import BriefingError, bundled_path, loads
from briefing.located import compose, plain
from briefing.paths import schema_path
from briefing.schema import schema, schema_text
from briefing.starter import starter

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
VALIDATOR = jsonschema.Draft202012Validator(schema())


def as_read(text: str) -> Any:
    """A YAML text as the loader reads it (numbers as numbers, dates as written)."""
    return plain(compose(text, "doc.yaml"))


def test_the_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_shipped_copy_is_the_generated_schema():
    assert schema_path() == ROOT / "data" / "schema-v1.json"
    assert schema_path().read_text(encoding="utf-8") == schema_text(), (
        "data/schema-v1.json is stale: run `briefing schema -o data/schema-v1.json --force`"
    )


def test_the_wheel_ships_the_schema():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped["data/schema-v1.json"] == "briefing/data/schema-v1.json"


def walk_properties(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            found.append((f"{path}.{name}", value))
        for key, value in node.items():
            found += walk_properties(value, f"{path}/{key}")
    return found


def test_every_field_has_a_title_and_a_description():
    found = walk_properties(schema())
    assert len(found) > 60
    for where, prop in found:
        assert prop.get("title") and prop.get("description"), where
    for name, definition in schema()["$defs"].items():
        assert definition["title"] and definition["description"], name
        assert definition["additionalProperties"] is False
        assert definition["properties"]["extra"] == {
            "title": "extra",
            "description": fields.EXTRA_DESCRIPTION,
            "type": "object",
        }


def test_enums_patterns_and_the_word_on_references():
    defs = schema()["$defs"]
    assert defs["Analysis"]["properties"]["relation"]["enum"][:-1] == list(fields.RELATIONS)
    assert defs["Citation"]["properties"]["role"]["enum"][:-1] == list(fields.CITATION_ROLES)
    assert defs["Source"]["properties"]["kind"]["enum"] == list(fields.SOURCE_KINDS)  # required: no null
    assert defs["Actor"]["properties"]["kind"]["enum"][:-1] == list(fields.ACTOR_KINDS)
    assert defs["Section"]["properties"]["id"]["pattern"] == "^[a-z0-9][a-z0-9-]*$"
    date = re.compile(defs["Event"]["properties"]["date"]["pattern"])
    for good in ("2022", "2022-09", "2022-09-30", "2024-02-29", "2022-09-12/2022-09-14"):
        assert date.match(good), good
    for bad in ("0000", "22", "2022-13", "2022-04-31", "2022-9", "2022/09", "2022-09-12/", "a/b/c"):
        assert not date.match(bad), bad
    assert "checked by the loader alone" in schema()["description"]
    assert schema()["properties"]["version"] == {
        "title": "version",
        "description": "The schema version: 1.",
        "const": 1,
    }


def test_briefing_schema_prints_and_writes(tmp_path, capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema()
    out = tmp_path / "briefing.schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()
    out.write_text("mine", encoding="utf-8")
    assert main(["schema", "-o", str(out)]) == 2
    assert "add --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"
    assert main(["schema", "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()


def loads_cleanly(text: str) -> bool:
    try:
        loads(text, "doc.yaml")
    except BriefingError:
        return False
    return True


VALID_FIXTURES = [p for p in sorted(FIXTURES.glob("*.yaml")) if loads_cleanly(p.read_text(encoding="utf-8"))]


def test_the_valid_fixtures_are_more_than_one():
    assert len(VALID_FIXTURES) >= 2


@pytest.mark.parametrize("path", [bundled_path(), *VALID_FIXTURES], ids=lambda p: p.name)
def test_every_valid_file_validates_against_the_schema(path):
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in VALIDATOR.iter_errors(as_read(path.read_text(encoding="utf-8")))
    ]
    assert errors == []


def test_new_briefings_validate_against_the_schema(tmp_path):
    errors = list(VALIDATOR.iter_errors(as_read(starter(tmp_path / "mine.yaml", "Mine: a title"))))
    assert errors == []


def test_the_invalid_fixture_is_invalid_for_the_schema_too():
    assert not VALIDATOR.is_valid(as_read((FIXTURES / "invalid.yaml").read_text(encoding="utf-8")))


# -- the schema and the loader agree on structure --------------------------------------
# References between records, unique ids, leap days and ranges that end before they
# start are the loader's alone: problems of those kinds do not count against a file here.

LOADER_ONLY = re.compile(
    r"^(no \w+ with id |duplicate \w+ id |a section cannot be related to itself"
    r"|bad date: .*(ends before it starts|day 29 out of range in '\d{4}-02-29))"
)


def loader_says_valid(text: str) -> bool:
    try:
        loads(text, "doc.yaml")
    except BriefingError as err:
        return all(LOADER_ONLY.match(p.message) for p in err.problems)
    return True


BASES = [
    as_read((FIXTURES / "mini.yaml").read_text(encoding="utf-8")),
    as_read(starter(Path("start.yaml"))),
]
ALL_FIELDS = sorted({f.name for spec in fields.SPECS.values() for f in spec.fields} | {"extra"})
CHOICES = sorted({c for spec in fields.SPECS.values() for f in spec.fields for c in f.choices})
STRINGS = [
    *CHOICES,
    "Rebuts",
    "refutes",
    "editor",
    "statements",
    # ids, good and bad
    "alpha",
    "thesis",
    "leader",
    "eu-deals",
    "2022",
    "-bad",
    "Bad",
    "a_b",
    "a b",
    "é",
    "",
    # dates, good and bad
    "2022-09",
    "2022-09-12",
    "2022-09-12/2022-09-14",
    "2022-09-14/2022-09-12",
    "2024-02-29",
    "2023-02-29",
    "2022-13",
    "2022-04-31",
    "22-09",
    "2022/09",
    "0000",
    "2022-9",
    "yes",
    "null",
]
# Text as authors type it: no control characters (the loader removes them) and no
# spaces around ids, choices and dates (the loader trims them; the schema does not).
WORDS = st.text(alphabet=string.ascii_letters + "éø -:#'\"", max_size=8).map(str.strip)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-5, max_value=12000), st.sampled_from(STRINGS), WORDS
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.sampled_from(ALL_FIELDS), SCALARS, max_size=3),
)


def containers(node: Any) -> list[Any]:
    """Every mapping and list in a document, itself included."""
    found = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += containers(value)
    elif isinstance(node, list):
        found.append(node)
        for value in node:
            found += containers(value)
    return found


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    doc = json.loads(json.dumps(draw(st.sampled_from(BASES))))  # a fresh copy
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        place = draw(st.sampled_from(containers(doc)))
        if isinstance(place, list):
            if place and draw(st.booleans()):
                place[draw(st.integers(0, len(place) - 1))] = draw(VALUES)
            elif place:
                del place[draw(st.integers(0, len(place) - 1))]
            continue
        action = draw(st.sampled_from(["set", "delete", "unknown", "field"]))
        if action == "delete" and place:
            del place[draw(st.sampled_from(sorted(place)))]
        elif action == "unknown":
            place[draw(st.sampled_from(["colour", "titel", "notes", "Title"]))] = draw(VALUES)
        elif action == "field":
            place[draw(st.sampled_from(ALL_FIELDS))] = draw(VALUES)
        elif place:
            place[draw(st.sampled_from(sorted(place)))] = draw(VALUES)
    return doc


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_the_schema_and_the_loader_agree_on_structure(doc):
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    schema_valid = VALIDATOR.is_valid(as_read(text))
    assert schema_valid == loader_says_valid(text), (
        [e.message for e in VALIDATOR.iter_errors(as_read(text))],
        text,
    )


def test_the_agreement_test_sees_both_verdicts():
    """The property test above is only worth something if mutations make both outcomes."""
    base = yaml.safe_dump(BASES[0], allow_unicode=True, sort_keys=False)
    assert loader_says_valid(base) and VALIDATOR.is_valid(as_read(base))
    broken = base.replace("relation: supports", "relation: agrees")
    assert not loader_says_valid(broken) and not VALIDATOR.is_valid(as_read(broken))


def test_schema_new_and_a_cached_print_import_neither_textual_nor_yaml(tmp_path):
    mini = str(FIXTURES / "mini.yaml")
    code = (
        "import sys\n"
        "from briefing.cli import main\n"
        f"assert main(['schema', '-o', {str(tmp_path / 's.json')!r}]) == 0\n"
        f"assert main(['new', {str(tmp_path / 'n.yaml')!r}]) == 0\n"
        f"assert main(['print', 'thesis', '-f', {mini!r}]) == 0\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'yaml', 'jsonschema'))\n"
        "print('IMPORTED', bad)\n"
    )
    warm = subprocess.run(
        [sys.executable, "-m", "briefing", "print", "thesis", "-f", mini], capture_output=True
    )
    assert warm.returncode == 0
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "IMPORTED []" in result.stdout


def test_rule_the_field_table_as_built_now_is_the_shipped_schema():
    # fields: the one table the loader checks and the JSON Schema says; built anew here, not
    # as this process first imported it, so that a change in how the table is built (the
    # descriptions of ids and dates, the order of fields) is seen by `make mutate` too.
    import importlib

    from briefing import schema as schema_module

    try:
        importlib.reload(fields)
        importlib.reload(schema_module)
        assert schema_path().read_text(encoding="utf-8") == schema_module.schema_text()
    finally:
        importlib.reload(fields)
        importlib.reload(schema_module)
