"""Several briefings combined into one: qualified ids only where they clash, references intact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing import merge, timeline
from briefing.load import load
from briefing.model import Briefing, section_actor_ids
from briefing.problems import BriefingError, Problem
from briefing.search import SearchIndex

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
SECOND = FIXTURES / "second.yaml"


@pytest.fixture
def both() -> Briefing:
    # Built in each test (not once per module), so that `make mutate` runs every test that
    # checks the merge against each of its mutants, not only the first one to use it.
    return merge.merge([load(MINI), load(SECOND)])


def assert_references_resolve(b: Briefing) -> None:
    for s in b.sections:
        assert s.article in b.article_by_id
        assert s.group in b.group_by_id
        for actor in (*section_actor_ids(s), *(a for e in s.events for a in e.actors)):
            assert actor in b.actor_by_id, (s.id, actor)
        for c in s.sources:
            assert c.ref in b.source_by_id
        for r in s.related:
            assert r in b.section_by_id


def test_clashing_ids_are_qualified_and_the_others_kept(both: Briefing) -> None:
    ids = [s.id for s in both.sections]
    assert ids == ["mini/thesis", "eu-deals", "russia-ally", "second/thesis", "eu-followup"]
    assert [a.id for a in both.articles] == ["mini/alpha", "beta", "second/alpha"]
    assert len(ids) == len(set(ids))


def test_identical_records_are_shared_and_different_ones_qualified(both: Briefing) -> None:
    actors = [a.id for a in both.actors]
    assert actors.count("eu") == 1  # the same in both files
    assert {"mini/russia", "second/russia", "critic", "ana", "leader"} <= set(actors)
    assert both.actor_by_id["second/russia"].name == "Russian Federation"
    assert "gas-deal" in both.source_by_id  # identical
    assert both.source_by_id["second/column"].publisher == "Test Monthly"
    groups = [g.id for g in both.groups]
    assert groups == ["mini/home", "western", "non-western", "second/home"]


def test_every_reference_follows_the_rename_of_its_own_file(both: Briefing) -> None:
    assert_references_resolve(both)
    thesis = both.section_by_id["second/thesis"]
    assert thesis.article == "second/alpha"
    assert thesis.group == "second/home"
    assert thesis.actors == ("second/russia",)
    assert thesis.sources[0].ref == "second/column"
    assert thesis.related == ("eu-followup",)
    assert both.section_by_id["eu-followup"].related == ("second/thesis",)
    assert both.section_by_id["eu-deals"].related == ("mini/thesis",)
    assert both.section_by_id["russia-ally"].actors == ("mini/russia",)
    assert [e.actors for e in thesis.events] == [("eu", "second/russia")]


def test_shared_records_gather_sections_from_every_file(both: Briefing) -> None:
    assert [s.id for s in both.citing("gas-deal")] == ["eu-deals", "russia-ally", "eu-followup"]
    assert [s.id for s in both.about("eu")] == ["eu-deals", "eu-followup"]
    western = [s.id for a in both.articles for s in both.sections_in(a.id, "western")]
    assert western == ["eu-deals", "eu-followup"]


def test_each_file_is_a_part_with_its_articles(both: Briefing) -> None:
    assert [(p.id, p.title, p.articles) for p in both.parts] == [
        ("mini", "Mini briefing", ("mini/alpha", "beta")),
        ("second", "Second briefing", ("second/alpha",)),
    ]
    assert [p.summary for p in both.parts] == [load(MINI).summary, load(SECOND).summary]
    assert both.part_by_id["second"].path.endswith("second.yaml")
    assert both.title == "Mini briefing · Second briefing"


def test_search_and_timeline_span_both(both: Briefing) -> None:
    index = SearchIndex(both)
    found = {hit.section.id for hit in index.search("thesis OR follows")}
    assert {"mini/thesis", "second/thesis", "eu-followup"} <= found
    entries = timeline.entries(both)
    assert {e.section for e in entries} >= {"mini/thesis", "second/thesis", "eu-deals"}
    assert [e.date for e in entries] == sorted((e.date for e in entries), key=lambda d: d[:7])
    by_eu = timeline.entries(both, actor="eu")
    assert [e.label for e in by_eu if e.kind == "event"] == ["Gas deal signed", "Talks in Brussels"]


def test_one_briefing_is_returned_as_it_is() -> None:
    one = load(MINI)
    assert merge.merge([one]) is one
    assert one.parts == ()


def test_same_briefing_id_twice_gets_distinct_parts(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    shutil.copy(MINI, copy)
    both = merge.merge([load(MINI), load(copy)])
    assert [p.id for p in both.parts] == ["mini", "mini-2"]
    assert "mini-2/thesis" in both.section_by_id
    assert "ana" in both.actor_by_id  # identical in both copies
    assert_references_resolve(both)


def test_briefing_files_expands_folders_and_drops_repeats(tmp_path: Path) -> None:
    for name in ("b.yml", "a.yaml", "notes.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub.yaml").mkdir()
    files = merge.briefing_files([tmp_path, tmp_path / "a.yaml", MINI, MINI])
    assert [f.name for f in files] == ["a.yaml", "b.yml", "mini.yaml"]


def test_load_all_reports_every_files_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nbriefing: {id: x}\n")
    with pytest.raises(BriefingError) as caught:
        merge.load_all([FIXTURES / "invalid.yaml", MINI, bad])
    files = {p.file for p in caught.value.problems}
    assert files == {str(FIXTURES / "invalid.yaml"), str(bad)}


def test_load_all_of_a_folder(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    shutil.copy(SECOND, tmp_path / "second.yaml")
    both = merge.load_all([tmp_path])
    assert [p.id for p in both.parts] == ["mini", "second"]
    assert merge.load_all([MINI]).parts == ()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BriefingError, match=r"no \*\.yaml"):
        merge.load_all([empty])


def test_the_reader_command_opens_several_files_or_a_folder(monkeypatch, tmp_path, capsys) -> None:
    import sys

    import briefing.tui.app as tui_app
    from briefing.cli import main

    opened: list[object] = []
    monkeypatch.setattr(tui_app, "run", lambda paths, texts=None: opened.append(paths) or 0)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main([str(MINI), str(SECOND)]) == 0
    assert opened[-1] == [MINI, SECOND]
    assert main([str(MINI)]) == 0
    assert opened[-1] == MINI
    assert main(["--file", str(SECOND), str(MINI)]) == 0
    assert opened[-1] == [MINI, SECOND]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(empty)]) == 2
    assert "no *.yaml or *.yml files in" in capsys.readouterr().err


# -- rules the mutation run showed untested ----------------------------------------------


def test_rule_a_file_that_fails_is_left_out_and_the_rest_open(tmp_path: Path) -> None:
    # README "Commands", `briefing [PATH ...]`: several files or a folder open as one; a file
    # that fails is left out, named with its problems; none loading is an error.
    both, problems = merge.load_valid([MINI, FIXTURES / "invalid.yaml", SECOND])
    assert [p.id for p in both.parts] == ["mini", "second"]
    assert problems and {p.file for p in problems} == {str(FIXTURES / "invalid.yaml")}
    one, none = merge.load_valid([MINI])
    assert one.parts == () and none == [] and one.id == "mini"
    with pytest.raises(BriefingError) as caught:
        merge.load_valid([FIXTURES / "invalid.yaml"])
    assert {p.file for p in caught.value.problems} == {str(FIXTURES / "invalid.yaml")}
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BriefingError) as caught:
        merge.load_valid([empty])
    (problem,) = caught.value.problems
    assert problem == Problem(str(empty), 1, 1, "", "no *.yaml or *.yml files here")
    assert str(problem) == f"{empty}:1:1: no *.yaml or *.yml files here"
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(BriefingError) as caught:
        merge.load_valid([empty, other])
    assert [p.file for p in caught.value.problems] == [f"{empty}, {other}"]


def test_rule_a_third_copy_of_one_briefing_is_numbered_three(tmp_path: Path) -> None:
    # merge: two files with the same briefing id get part ids `id`, `id-2`, `id-3`...
    copies = []
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(MINI, tmp_path / name)
        copies.append(load(tmp_path / name))
    three = merge.merge([load(MINI), *copies])
    assert [p.id for p in three.parts] == ["mini", "mini-2", "mini-3"]
    assert three.id == "mini+mini-2+mini-3"
    assert three.summary is None


def test_rule_the_combined_briefing_is_known_by_every_file(both: Briefing) -> None:
    # merge: one identity per set of files (the reader keeps its state under it): the
    # resolved path of each.
    import os

    assert both.path.split(os.pathsep) == [str(MINI.resolve()), str(SECOND.resolve())]


def test_rule_a_folders_files_are_read_whatever_the_case_of_their_suffix(tmp_path: Path) -> None:
    # README "Commands": a folder stands for its *.yaml / *.yml files.
    for name in ("B.YAML", "a.Yml", "c.yaml.txt"):
        (tmp_path / name).write_text("x")
    assert [f.name for f in merge.briefing_files([tmp_path])] == ["B.YAML", "a.Yml"]


OTHER = """version: 1
briefing: {id: other, title: Other}
articles: [{id: gamma, title: Gamma}]
groups: [{id: far, title: Far}]
actors: [{id: russia, name: Russian Federation, kind: state}]
sections:
  - id: far-one
    title: Far one
    article: gamma
    group: far
    actors: [russia]
    claim: {speaker: russia, summary: S., quotes: [{text: q, speaker: russia}]}
    analysis: {body: B.}
    events: [{date: "2023", label: L, actors: [russia]}]
"""


def test_rule_only_the_clashing_kind_is_renamed_and_every_reference_to_it_follows() -> None:
    # merge: ids keep their spelling unless two files use one for different things; then
    # every reference inside the file that owns it follows the rename, and nothing else moves.
    from briefing.load import loads

    mini = load(MINI)
    both = merge.merge([mini, loads(OTHER, "other.yaml")])
    assert_references_resolve(both)
    assert [a.id for a in both.actors] == ["ana", "leader", "eu", "mini/russia", "other/russia"]
    far = both.section_by_id["far-one"]
    assert (far.article, far.group, far.actors) == ("gamma", "far", ("other/russia",))
    assert far.claim.speaker == "other/russia" and [q.speaker for q in far.claim.quotes] == ["other/russia"]
    assert [e.actors for e in far.events] == [("other/russia",)]
    assert both.section_by_id["russia-ally"].actors == ("mini/russia",)
    # References to records that were not renamed stay as they were.
    for sid in ("thesis", "eu-deals"):
        assert both.section_by_id[sid] == mini.section_by_id[sid]
    assert both.section_by_id["russia-ally"].claim == mini.section_by_id["russia-ally"].claim


def test_rule_the_signature_of_the_files_changes_with_them(tmp_path: Path) -> None:
    # merge.signature: what the reader's live reload compares: each file's name, size, time
    # and inode, without reading it; a file not there has a signature no file can have.
    import os

    folder = tmp_path / "f"
    folder.mkdir()
    shutil.copy(MINI, folder / "a.yaml")
    missing = tmp_path / "gone.yaml"
    st = os.stat(folder / "a.yaml")
    (present, absent) = merge.signature([folder, missing])
    assert present == (str(folder / "a.yaml"), st.st_size, st.st_mtime_ns, st.st_ino)
    assert absent[0] == str(missing) and absent[1:] != present[1:] and min(absent[1:]) < 0
    shutil.copy(MINI, missing)
    assert merge.signature([missing])[0][1] == st.st_size
