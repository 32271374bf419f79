"""The widgets the screens are built of: section tree, panes, row list, header and footer."""
