"""The screens pushed over the reader: help, problems, search, timeline, indexes, bookmarks, note."""
