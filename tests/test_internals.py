"""The private Textual and Rich internals the reader uses: each still there and still the
same, and none used outside briefing/tui/internals.py.

A failure here names the internal: an upgrade of Textual or Rich removed or changed
it, and the code in internals.py that relies on it must be looked at again.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import ClassVar

import pytest
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.cache import LRUCache
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Label, Tree

import briefing
import briefing.tui
from briefing.tui import internals
from briefing.tui.internals import INTERNALS, QuietTree

PACKAGE = Path(briefing.__file__).parent
FENCE = Path(internals.__file__)


class TreeApp(App[None]):
    def __init__(self, tree: Tree[int]) -> None:
        super().__init__()
        self.under_test = tree

    def compose(self) -> ComposeResult:
        yield self.under_test


def _filled(tree: Tree[int], count: int = 30) -> Tree[int]:
    tree.root.expand()
    for number in range(count):
        tree.root.add_leaf(f"leaf {number}", number)
    return tree


def _counting_invalidations(monkeypatch: pytest.MonkeyPatch) -> list[Tree[int]]:
    """Count the calls that reach Textual's own Tree._invalidate."""
    calls: list[Tree[int]] = []
    real = Tree._invalidate

    def counted(self: Tree[int]) -> None:
        calls.append(self)
        real(self)

    monkeypatch.setattr(Tree, "_invalidate", counted)
    return calls


async def _tree_invalidate(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_invalidations(monkeypatch)
    plain = Tree[int]("plain")
    plain.root.add_leaf("one", 1)
    assert calls, "adding a node no longer calls Tree._invalidate: QuietTree.adding_many holds back nothing"
    quiet = QuietTree[int]("quiet")
    calls.clear()
    with quiet.adding_many():
        for number in range(50):
            quiet.root.add_leaf(str(number), number)
    assert calls == [quiet], "QuietTree.adding_many no longer makes one Tree._invalidate for many nodes"


async def _tree_on_resize(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "_on_resize" in vars(Tree), "Tree no longer handles Resize in _on_resize"
    calls = _counting_invalidations(monkeypatch)
    for tree, rebuilds in ((_filled(Tree[int]("t")), True), (_filled(QuietTree[int]("t")), False)):
        app = TreeApp(tree)
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause()
            calls.clear()
            await pilot.resize_terminal(50, 14)
            await pilot.pause()
            assert bool(calls) is rebuilds, (
                "Tree._on_resize no longer invalidates the tree on a resize"
                if rebuilds
                else "QuietTree._on_resize no longer keeps the tree's lines on a resize"
            )


async def _tree_line_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = _filled(QuietTree[int]("t"))
    assert isinstance(tree._line_cache, LRUCache), "Tree._line_cache is no longer an LRUCache"
    app = TreeApp(tree)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert len(tree._line_cache), "Tree no longer keeps drawn lines in _line_cache"
        before = tree._line_cache.maxsize
        tree._line_cache.grow(before + 10)
        assert tree._line_cache.maxsize == before + 10, "Tree._line_cache.grow no longer grows it"


async def _tree_notify_style_update(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "notify_style_update" in vars(Tree), "Tree no longer overrides notify_style_update"
    above = next(c for c in Tree.__mro__[1:] if "notify_style_update" in vars(c))
    assert above is Widget, f"QuietTree now skips {above.__qualname__}.notify_style_update, not Widget's"
    calls = _counting_invalidations(monkeypatch)
    tree = _filled(QuietTree[int]("t"))
    app = TreeApp(tree)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        calls.clear()
        tree.notify_style_update()
        assert not calls and tree._line_cache.maxsize, "QuietTree's restyle now rebuilds the tree"


async def _footer_bindings_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    footer = Footer()
    assert footer._bindings_ready is False, "Footer no longer starts with _bindings_ready = False"
    assert "_bindings_ready" in inspect.getsource(Footer.compose), (
        "Footer.compose no longer waits for _bindings_ready"
    )
    internals.compose_footer_at_once(footer)
    assert footer._bindings_ready is True


class Keyed(Widget):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "thing", "Do the thing", id="keyed.thing")]


async def _dom_bindings(monkeypatch: pytest.MonkeyPatch) -> None:
    node = Keyed()
    assert isinstance(node._bindings, BindingsMap), "DOMNode._bindings is no longer a BindingsMap"
    assert [b.action for _, b in node._bindings] == ["thing"], "DOMNode._bindings no longer holds BINDINGS"
    assert isinstance(DOMNode, type)


async def _app_keymap(monkeypatch: pytest.MonkeyPatch) -> None:
    app = App[None]()
    assert app._keymap == {}, "App._keymap no longer starts empty"
    app.set_keymap({"keyed.thing": "y"})
    assert app._keymap == {"keyed.thing": "y"}, "App.set_keymap no longer stores into App._keymap"
    keys = [key for key, _ in internals.own_bindings(app, Keyed())]
    assert keys == ["y"], "BindingsMap.apply_keymap no longer applies App._keymap"


async def _style_meta(monkeypatch: pytest.MonkeyPatch) -> None:
    with_meta = Style(meta={"@click": "x"})
    assert isinstance(with_meta._meta, bytes) and with_meta._meta, "Style._meta no longer holds the meta"
    assert not Style(bold=True)._meta, "Style._meta is no longer empty for a style without meta"
    assert internals.has_meta(with_meta) and not internals.has_meta(Style(bold=True))
    assert with_meta.meta == {"@click": "x"}


class Stepped(Screen[None]):
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-a"), (100, "-b"), (170, "-c")]


async def _screen_breakpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Stepped()
    chosen = [internals.width_classes(screen, width) for width in (40, 99, 100, 169, 200)]
    assert chosen == [{"-a"}, {"-a"}, {"-b"}, {"-b"}, {"-c"}], f"the classes are now {chosen}"
    assert "_get_breakpoint_classes(" in inspect.getsource(Screen), (
        "Screen no longer chooses its breakpoint classes with _get_breakpoint_classes"
    )


async def _option_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import OptionList

    options = OptionList("a", "b")
    assert isinstance(options._index_to_line, dict), "OptionList._index_to_line is no longer a dict"
    assert not internals.lines_laid_out(options), "an option list not laid out now has its lines"
    assert "_index_to_line[" in inspect.getsource(OptionList._move_page), (
        "OptionList._move_page no longer looks up _index_to_line (the race may be gone)"
    )


async def _select_type_to_search(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import Select

    assert internals.type_to_search(Select([("a", "a")], type_to_search=True)) is True
    assert internals.type_to_search(Select([("a", "a")], type_to_search=False)) is False


async def _app_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    app = App[None]()
    async with app.run_test() as pilot:
        app.notify("one", title="T")
        await pilot.pause()
        (notice,) = internals.notices(app)
        assert notice.title == "T"
        internals.withdraw(app, notice)
        assert internals.notices(app) == []


class Footed(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next", "Next", group=Binding.Group("Move")),
        Binding("p", "previous", "Previous", group=Binding.Group("Move")),
        Binding("x", "thing", "Thing"),
        Binding("y", "other", "Other thing"),
    ]

    def compose(self) -> ComposeResult:
        yield Footer()


async def _footer_key_action(monkeypatch: pytest.MonkeyPatch) -> None:
    app = Footed()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        items = list(app.query_one(Footer).children)
        actions = [internals.footer_actions(item) for item in items]
        assert ["thing"] in actions, f"a footer key no longer carries its action: {actions}"
        assert ["next", "previous"] in actions, f"a footer group no longer holds its keys: {actions}"
        # footer_width works out from the text what Textual lays out
        group, label, key = items[0], items[1], items[2]
        keys = list(group.children)
        together = sum(internals.footer_width(k) for k in keys) + internals.footer_width(label)
        assert together == label.region.right + 1 - group.region.x, "a footer group is laid out otherwise"
        assert internals.footer_width(key) == key.region.width, "a footer key is laid out otherwise"
        assert items[3].region.x == key.region.right, "footer keys are no longer side by side"


class SetFooter(Footer):
    """A footer that gives its keys its compact before they mount, as the reader's does."""

    def compose(self) -> ComposeResult:
        for item in super().compose():
            internals.footer_keys_set(item, self.compact)
            yield item


class SetFooted(Footed):
    def compose(self) -> ComposeResult:
        yield SetFooter()


async def _pending_children(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets._footer import FooterKey

    restyled: list[FooterKey] = []
    update = FooterKey.update_node_styles

    def counting(self: FooterKey, *args: object, **kwargs: object) -> None:
        restyled.append(self)
        update(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(FooterKey, "update_node_styles", counting)
    states, restyles = [], []
    for app in (Footed(), SetFooted()):
        restyled.clear()
        async with app.run_test(size=(80, 5)) as pilot:
            await pilot.pause()
            states.append([(k.key, k.compact, sorted(k.classes)) for k in app.query(FooterKey)])
        restyles.append(len(restyled))
    assert len(states[0]) >= 4 and states[1] == states[0], "the keys end otherwise when set before mounting"
    assert restyles[0] >= len(states[0]), f"footer keys no longer restyle themselves on mounting: {restyles}"
    # The palette's key, not bound to the footer's compact, takes its own class as it mounts.
    assert restyles[1] <= 1, f"footer keys set before mounting still restyled themselves: {restyles}"


class Bound(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "mark('app')", "Mark")]
    marks: ClassVar[list[str]] = []

    def compose(self) -> ComposeResult:
        yield Label("x")

    def action_mark(self, where: str) -> None:
        self.marks.append(where)


async def _check_bindings(monkeypatch: pytest.MonkeyPatch) -> None:
    app = Bound()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert await internals.run_binding_now(app, "x") is True, "a bound key is no longer run"
        assert Bound.marks == ["app"], f"the binding ran otherwise: {Bound.marks}"
        assert await internals.run_binding_now(app, "z") is False, "an unbound key is said to be taken"


CHECKS: dict[str, Callable[[pytest.MonkeyPatch], Awaitable[None]]] = {
    "textual.widgets.Tree._invalidate": _tree_invalidate,
    "textual.widgets.Tree._on_resize": _tree_on_resize,
    "textual.widgets.Tree._line_cache": _tree_line_cache,
    "textual.widgets.Tree.notify_style_update": _tree_notify_style_update,
    "textual.widgets.Footer._bindings_ready": _footer_bindings_ready,
    "textual.dom.DOMNode._bindings": _dom_bindings,
    "textual.app.App._keymap": _app_keymap,
    "textual.screen.Screen._get_breakpoint_classes": _screen_breakpoints,
    "rich.style.Style._meta": _style_meta,
    "textual.widgets._footer.FooterKey.action": _footer_key_action,
    "textual.widgets.OptionList._index_to_line": _option_lines,
    "textual.widgets.Select._type_to_search": _select_type_to_search,
    "textual.app.App._notifications": _app_notifications,
    "textual.app.App._unnotify": _app_notifications,
    "textual.widget.Widget._pending_children": _pending_children,
    "textual.app.App._check_bindings": _check_bindings,
}


def test_every_internal_has_a_check():
    assert set(CHECKS) == set(INTERNALS)


@pytest.mark.parametrize("name", list(CHECKS))
async def test_internal_is_still_what_the_reader_relies_on(name: str, monkeypatch: pytest.MonkeyPatch):
    owner, _, attribute = name.rpartition(".")
    module, _, cls = owner.rpartition(".")
    found = getattr(importlib.import_module(module), cls)
    if not hasattr(found, attribute) and not _set_in_init(found, attribute):
        pytest.fail(f"{name} is gone: {INTERNALS[name]}")
    try:
        await CHECKS[name](monkeypatch)
    except AssertionError as err:
        pytest.fail(f"{name} changed ({INTERNALS[name]}): {err}")


def _set_in_init(cls: type, attribute: str) -> bool:
    inits = [c.__init__ for c in cls.__mro__ if "__init__" in vars(c)]
    return any(f"self.{attribute}" in inspect.getsource(init) for init in inits)


# -- the fence -------------------------------------------------------------------------


def _library_names() -> set[str]:
    """Private names Textual and Rich define: attributes, methods and functions."""
    import rich
    import textual

    names: set[str] = set()
    pattern = re.compile(r"(?:self\.|def |^\s*)(_[a-zA-Z]\w*)\s*[:=(]", re.M)
    for package in (textual, rich):
        for path in Path(package.__file__).parent.rglob("*.py"):
            names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


def _project_names() -> set[str]:
    """Private names the package defines itself (outside the fence)."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path == FENCE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return names


def test_no_module_but_internals_reads_a_private_name_of_textual_or_rich():
    library = _library_names()
    own = _project_names()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == FENCE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                name = node.attr
                if name.startswith("_") and not name.startswith("__") and name in library and name not in own:
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {name}")
    assert not found, "private Textual or Rich names used outside tui/internals.py:\n" + "\n".join(found)


def test_no_class_but_internals_overrides_a_private_method_of_textual_or_rich():
    found = []
    for info in pkgutil.walk_packages(briefing.tui.__path__, "briefing.tui."):
        module = importlib.import_module(info.name)
        if module is internals:
            continue
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            library = [c for c in cls.__mro__ if c.__module__.split(".")[0] in ("textual", "rich")]
            for name in _defined_in(cls):
                if name.startswith("_") and not name.startswith("__"):
                    owners = [c.__qualname__ for c in library if name in vars(c)]
                    if owners:
                        found.append(f"{cls.__module__}.{cls.__qualname__}.{name} (from {owners[0]})")
    assert not found, "private Textual methods overridden outside tui/internals.py:\n" + "\n".join(found)


def _defined_in(cls: type) -> set[str]:
    """The names a class's own source defines (not those Textual's metaclass adds)."""
    body = ast.parse(inspect.getsource(cls).strip()).body[0]
    assert isinstance(body, ast.ClassDef)
    names: set[str] = set()
    for node in body.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_the_fence_test_sees_a_private_name(tmp_path):
    """The scan above finds what it looks for: Tree._line_cache is one of Textual's names."""
    assert {"_line_cache", "_bindings", "_keymap", "_meta", "_invalidate"} <= _library_names()
    assert events.Resize is not None
