"""The reader screen and what it owns: its keys, search, marks, place and history, open
branches, rendering ahead, the way into the indexes, and live reload."""
