"""`briefing new`: a small, valid, commented briefing to start from, never written over a file."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import WIDE, here, reader

from briefing.cli import main
from briefing.load import bundled_path, load
from briefing.paths import schema_path
from briefing.starter import slug
from briefing.tui.app import BriefingApp


def test_new_writes_a_valid_briefing_of_the_promised_shape(tmp_path, capsys):
    path = tmp_path / "south-caucasus.yaml"
    assert main(["new", str(path)]) == 0
    assert f"wrote {path}" in capsys.readouterr().err
    briefing = load(path)
    assert briefing.id == "south-caucasus" and briefing.title == "South caucasus"
    assert [g.title for g in briefing.groups] == ["Western actors", "Non-Western actors", "Conclusions"]
    counts = [len(briefing.articles), len(briefing.sections), len(briefing.sources), len(briefing.actors)]
    assert counts == [1, 1, 1, 1]
    (section,) = briefing.sections
    # every field of a section is shown (related is an empty list: a section has none to name)
    assert section.actors and section.claim.speaker and section.claim.quotes
    assert section.analysis.relation and section.analysis.voice
    assert section.sources and section.events and section.tags
    assert section.extra and section.claim.quotes[0].date and section.claim.quotes[0].venue
    assert "related: []" in path.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--strict", str(path)]) == 0
    assert capsys.readouterr().out.endswith("; 0 warnings\n")


def test_its_first_line_points_editors_at_the_shipped_schema(tmp_path):
    path = tmp_path / "b.yaml"
    assert main(["new", str(path)]) == 0
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={schema_path().resolve().as_uri()}"
    assert schema_path().is_file()


def test_a_title_is_kept_exactly_even_with_yaml_characters(tmp_path):
    path = tmp_path / "b.yaml"
    title = 'He said: "no" # not a comment, — ok? [yes]'
    assert main(["new", str(path), "--title", title]) == 0
    assert load(path).title == title


def test_new_never_writes_over_a_file_without_force(tmp_path, capsys):
    path = tmp_path / "mine.yaml"
    path.write_text("my own words\n", encoding="utf-8")
    assert main(["new", str(path)]) == 2
    assert "exists; add --force" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "my own words\n"
    assert main(["new", str(path), "--force"]) == 0
    load(path)


def test_new_refuses_a_directory_and_says_why(tmp_path, capsys):
    assert main(["new", str(tmp_path)]) == 2
    assert "it is a directory" in capsys.readouterr().err


def test_from_bundled_copies_the_bundled_briefing(tmp_path):
    path = tmp_path / "copy.yaml"
    assert main(["new", str(path), "--from-bundled"]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert text.split("\n", 1)[1] == bundled_path().read_text(encoding="utf-8")
    assert [s.id for s in load(path).sections] == [s.id for s in load(bundled_path()).sections]
    assert main(["new", str(path), "--from-bundled"]) == 2
    assert main(["new", str(tmp_path / "other.yaml"), "--from-bundled", "--title", "x"]) == 2


def test_slugs_from_file_names():
    assert slug("My Briefing 2025") == "my-briefing-2025"
    assert slug("--") == "my-briefing"
    assert slug("Çà") == "my-briefing"


async def test_a_new_briefing_opens_in_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "start.yaml"
    assert main(["new", str(path), "--title", "A start"]) == 0
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert here(app) == "first-section"
        assert reader(app).title == "A start"
