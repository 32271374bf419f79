"""Every key of the reader screen, in the order the help screen and the footer list them.

Each binding names an action of :class:`~briefing.tui.reader.screen.ReaderScreen`
(``n`` runs ``action_next_section``); the screen hands the action to the part
that does it (search, marks, place, indexes). The help screen (``?``) is read
from these bindings, so a key added here is documented there.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

SECTION_KEYS = Binding.Group("Section")
EDIT_TOOLTIP = "Edit the file at the highlighted record ($VISUAL, $EDITOR)"

READER_BINDINGS: list[BindingType] = [
    # -- moving and showing -------------------------------------------------------------
    Binding(
        "n",
        "next_section",
        "Next",
        tooltip="Next section, across groups and articles",
        group=SECTION_KEYS,
        id="reader.next-section",
    ),
    Binding(
        "p",
        "previous_section",
        "Previous",
        tooltip="Previous section, across groups and articles",
        group=SECTION_KEYS,
        id="reader.previous-section",
    ),
    Binding("right_square_bracket", "next_group", "Next group", show=False, id="reader.next-group"),
    Binding(
        "left_square_bracket", "previous_group", "Previous group", show=False, id="reader.previous-group"
    ),
    *(
        Binding(str(n), f"jump_group({n})", "Jump to group N", show=False, id=f"reader.group-{n}")
        for n in range(1, 10)
    ),
    Binding("v", "toggle_view", "View", tooltip="Tree by article, or by group and actor", id="reader.view"),
    Binding(
        "backslash",
        "toggle_tree",
        "Tree",
        key_display="\\",
        tooltip="Hide or show the tree",
        id="reader.tree",
    ),
    # -- export -------------------------------------------------------------------------
    Binding(
        "m",
        "export",
        "Export",
        tooltip="Export the section to <id>.md in the working directory",
        id="reader.export",
    ),
    Binding("y", "copy", "Copy", tooltip="Copy the section as Markdown to the clipboard", id="reader.copy"),
    # -- editing: two bindings of one key, in the footer where the file can be edited; on
    # the bundled briefing out of it, saying how to start a copy (help lists them as one)
    Binding("e", "edit", "Edit", tooltip=EDIT_TOOLTIP, id="reader.edit"),
    Binding("e", "edit_bundled", "Edit", tooltip=EDIT_TOOLTIP, show=False, id="reader.edit-bundled"),
    # -- search ------------------------------------------------------------------------
    Binding(
        "slash",
        "search",
        "Search",
        key_display="/",
        tooltip="Search every section",
        priority=True,  # the box is on top before the next key is routed (screens.early_typing)
        id="reader.search",
    ),
    Binding(
        "greater_than_sign",
        "next_hit",
        "Next hit",
        key_display=">",
        show=False,
        tooltip="Next search hit",
        id="reader.next-hit",
    ),
    Binding(
        "less_than_sign",
        "previous_hit",
        "Previous hit",
        key_display="<",
        show=False,
        tooltip="Previous search hit",
        id="reader.previous-hit",
    ),
    Binding(
        "escape",
        "clear_search",
        "Clear search",
        show=False,
        tooltip="Stop marking the search's matches",
        id="reader.clear-search",
    ),
    # -- place and history ---------------------------------------------------------------
    # Browsers keep alt+left/alt+right for their own history: under `briefing serve`,
    # H and L (as in Vim and browsers' keyboard extensions) do the same.
    Binding(
        "alt+left,backspace,H",
        "back",
        "Back",
        show=False,
        tooltip="Back to the section visited before",
        id="reader.back",
    ),
    Binding(
        "alt+right,L",
        "forward",
        "Forward",
        show=False,
        tooltip="Forward again in the history",
        id="reader.forward",
    ),
    # -- marks: bookmarks and notes ----------------------------------------------------
    Binding(
        "b",
        "bookmark",
        "Bookmark",
        tooltip="Bookmark the section, or remove its bookmark",
        id="reader.bookmark",
    ),
    Binding(
        "B",
        "bookmarks",
        "Bookmarks",
        tooltip="Bookmarks and notes: the list",
        id="reader.bookmarks",
    ),
    Binding(
        "a", "note", "Note", tooltip="Write a note on the section",
        priority=True,  # as / above: what is typed right after a goes into the note
        id="reader.note",
    ),
    Binding(
        "N",
        "toggle_export_notes",
        "Notes in exports",
        show=False,
        tooltip="Notes in exports: m and y add your note to the Markdown, or leave it out",
        id="reader.export-notes",
    ),
    # -- what changed since you last read -------------------------------------------------
    Binding(
        "D", "what_changed", "What changed", show=False, id="reader.what-changed",
        tooltip="What changed in the section since you last read it; D again returns",
    ),
    Binding(
        "c", "changes", "Changes", show=False, id="reader.changes",
        tooltip="Changes: every section changed or new since you last read, in reading order",
    ),
    # -- indexes -------------------------------------------------------------------------
    Binding(
        "t", "timeline", "Timeline", tooltip="Timeline: every dated event and quote, by year",
        id="reader.timeline",
    ),
    Binding(
        "s", "bibliography", "Bibliography", id="reader.bibliography",
        tooltip="Bibliography: every source and the sections citing it",
    ),
    Binding(
        "A", "actors", "Actors", tooltip="Actors: every actor and the sections about or quoting it",
        id="reader.actors",
    ),
    # -- focus ---------------------------------------------------------------------------
    Binding("tab", "focus_next", "Focus the next pane", show=False, id="reader.focus-next"),
    Binding("shift+tab", "focus_previous", "Focus the previous pane", show=False, id="reader.focus-previous"),
]  # fmt: skip
