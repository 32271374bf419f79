"""Rules of `briefing diff` stated in README.md ("What changed"), each with a test that breaks with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
HEX = "0" * 40


def edited(tmp_path: Path) -> Path:
    text = MINI.read_text(encoding="utf-8").replace(
        "title: Gas deals with the EU", "title: Gas deals with the Union"
    )
    path = tmp_path / "new.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def git_args(old: Path, new: Path, *rename: str) -> list[str]:
    """What git passes an external diff: path, old file, hex, mode, new file, hex, mode [, new path, info]."""
    return ["diff", "--git", "b.yaml", str(old), HEX, "100644", str(new), HEX, "100644", *rename]


def test_rule_git_diff_of_a_rename_names_the_new_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README: git passes nine arguments for a rename; the diff is headed by the old and the new path."""
    new = edited(tmp_path)
    assert (
        main(git_args(MINI, new, "c.yaml", "similarity index 95%\nrename from b.yaml\nrename to c.yaml\n"))
        == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "briefing diff a/b.yaml b/c.yaml"
    assert main(git_args(MINI, new)) == 0  # seven arguments: the same path on both sides
    assert capsys.readouterr().out.splitlines()[0] == "briefing diff a/b.yaml b/b.yaml"


def test_rule_git_diff_colours_in_gits_pager_unless_no_color(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: "in git's pager it colours as on a terminal" (git's output is a pipe to the pager)."""
    new = edited(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("GIT_PAGER_IN_USE", raising=False)
    assert main(git_args(MINI, new)) == 0
    assert "\x1b[" not in capsys.readouterr().out  # a pipe, and no pager: plain
    monkeypatch.setenv("GIT_PAGER_IN_USE", "true")
    assert main(git_args(MINI, new)) == 0
    out = capsys.readouterr().out
    assert "\x1b[" in out and "[-EU-]" not in out
    for variable, value in (("NO_COLOR", "1"), ("TERM", "dumb")):
        with monkeypatch.context() as patch:
            patch.setenv(variable, value)
            assert main(git_args(MINI, new)) == 0
            assert "\x1b" not in capsys.readouterr().out


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rule_a_long_body_shows_only_its_changed_lines_with_a_gap_between(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README: a long multi-line body shows only its changed lines, `…` between them."""
    lines = [f"        Line {n} of the analysis says something." for n in range(1, 9)]
    body = (
        "      body: |\n        The author argues against an earlier piece.\n\n"
        "        - first point\n        - second point\n"
    )
    text = MINI.read_text(encoding="utf-8")
    assert text.count(body) == 1
    old = write(tmp_path, "old.yaml", text.replace(body, "      body: |\n" + "\n".join(lines) + "\n"))
    changed = [*lines]
    changed[0] = changed[0].replace("says", "claims")
    changed[7] = changed[7].replace("says", "claims")
    new = write(tmp_path, "new.yaml", text.replace(body, "      body: |\n" + "\n".join(changed) + "\n"))
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert (
        "Line 1 of the analysis [-says-]{+claims+}" in out
        and "Line 8 of the analysis [-says-]{+claims+}" in out
    )
    assert "…" in out.split("Line 1 of", 1)[1].split("Line 8 of", 1)[0]  # the gap, between the two
    assert not any(f"Line {n} " in out for n in range(2, 8))  # unchanged lines are left out


def test_rule_sections_come_in_the_new_reading_order_removed_ones_after_then_the_registries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README: sections in the new version's reading order (removed ones after, in the old order),
    then articles, groups, actors and sources."""
    text = MINI.read_text(encoding="utf-8")
    thesis = text[text.index("  - id: thesis") : text.index("  - id: eu-deals")]
    russia = text[text.index("  - id: russia-ally") : text.index("sources:\n  - {id: column")]
    edited = text.replace(thesis, "").replace(russia, "").replace("    related: [thesis]\n", "")
    for old, new in (
        ("title: A second article", "title: A 2nd article"),
        ("title: Western actors}", "title: The West}"),
        ("name: Russia,", "name: Russian Federation,"),
        ("title: EU gas memorandum", "title: EU gas memo"),
    ):
        assert edited.count(old) == 1, old
        edited = edited.replace(old, new)
    assert main(["diff", "--stat", str(MINI), str(write(tmp_path, "new.yaml", edited))]) == 1
    rows = [line.split()[:3] for line in capsys.readouterr().out.splitlines()]
    assert rows == [
        ["changed", "section", "eu-deals"],
        ["removed", "section", "thesis"],
        ["removed", "section", "russia-ally"],
        ["changed", "article", "beta"],
        ["changed", "group", "western"],
        ["changed", "actor", "russia"],
        ["changed", "source", "gas-deal"],
    ]


FRESH = """  - id: fresh
    title: A fresh section
    article: beta
    group: home
    claim: {summary: Something new.}
    analysis: {body: New.}
"""


def test_rule_diff_json_has_the_documented_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """README, `--json`: `{"format", "old": {"path", "id", "title"}, "new", "same", "counts",
    "changes": [{"kind", "id", "status", "old_id", "moved", "title", "fields"}]}`; a scalar field
    `{"field", "old", "new", "words"}`, a list field `{"field", "added", "removed", "changed"}`,
    an added section's `"placement": {"article", "group"}`."""
    import json

    text = MINI.read_text(encoding="utf-8").replace(
        "title: Gas deals with the EU", "title: Gas deals with the Union"
    )
    text = text.replace("      - {ref: column, role: claim}\n", "")
    text = text.replace("sources:\n  - {id: column", FRESH + "sources:\n  - {id: column")
    new = write(tmp_path, "new.yaml", text)
    assert main(["diff", "--json", str(MINI), str(new)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"format", "old", "new", "same", "counts", "changes"}
    assert data["format"] == 1 and data["same"] is False
    assert data["old"] == {"path": str(MINI), "id": "mini", "title": "Mini briefing"}
    assert data["new"] == {"path": str(new), "id": "mini", "title": "Mini briefing"}
    assert data["counts"] == {"added": 1, "removed": 0, "changed": 1, "renamed": 0, "moved": 0}
    changed, added = data["changes"]
    assert {k: changed[k] for k in ("kind", "id", "status", "old_id", "moved")} == {
        "kind": "section",
        "id": "eu-deals",
        "status": "changed",
        "old_id": None,
        "moved": False,
    }
    fields = {f["field"]: f for f in changed["fields"]}
    title = fields["title"]
    assert (title["old"], title["new"]) == ("Gas deals with the EU", "Gas deals with the Union")
    assert ["-", "EU"] in title["words"] and ["+", "Union"] in title["words"]
    sources = fields["sources"]
    assert (
        set(sources) == {"field", "added", "removed", "changed"}
        and sources["removed"]
        and not sources["added"]
    )
    assert (added["id"], added["status"], added["title"]) == ("fresh", "added", "A fresh section")
    assert added["placement"] == {"article": "beta", "group": "home"}


def test_rule_diff_trouble_lists_every_located_problem_of_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README: exit 2 for trouble (an invalid or missing file: every located problem of both files)."""
    invalid = (FIXTURES / "invalid.yaml").read_text(encoding="utf-8")
    old = write(tmp_path, "old.yaml", invalid)
    new = write(tmp_path, "new.yaml", invalid)
    assert main(["diff", str(old), str(new)]) == 2
    err = capsys.readouterr().err
    for path in (old, new):
        assert f"{path}:14:14: sections[0].article: no article with id 'missing-article'" in err
        assert f"{path}:26:12: sections[1].claim.summary: required field is missing" in err
