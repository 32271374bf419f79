"""Property tests: any input gives a Briefing or a located BriefingError, never another exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.load import BriefingError, load, loads
from briefing.model import Briefing

MINI = (Path(__file__).parent / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
SETTINGS = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


def outcome(load_it) -> Briefing | BriefingError:
    try:
        return load_it()
    except BriefingError as err:
        assert err.problems, "an error must carry at least one problem"
        for problem in err.problems:
            assert problem.line >= 1 and problem.col >= 1
            assert problem.message
        return err


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "any.yaml"
    path.write_bytes(data)
    outcome(lambda: load(path))


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text(text):
    outcome(lambda: loads(text, "any.yaml"))


YAML_BITS = st.sampled_from(
    [
        "",
        " ",
        "\n",
        ":",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "!!str ",
        "!!python/object ",
        '"',
        "'",
        "#",
        "\t",
        "|",
        ">",
        "---\n",
        "...",
        "null",
        "yes",
        "1",
        "2022-13",
        "id: x",
        "\ufeff",
        "\x1b[31m",
    ]
)


@SETTINGS
@given(st.data())
def test_mutations_of_a_valid_briefing(data):
    text = MINI
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "duplicate-line", "drop-line"]))
        if action == "insert":
            text = text[:at] + data.draw(YAML_BITS) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 40)) :]
        else:
            lines = text.split("\n")
            index = min(at % max(len(lines), 1), len(lines) - 1)
            if action == "duplicate-line":
                lines.insert(index, lines[index])
            else:
                del lines[index]
            text = "\n".join(lines)
    outcome(lambda: loads(text, "mutated.yaml"))
