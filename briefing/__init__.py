"""briefing: a terminal reader for analytical briefings."""

__version__ = "0.1.0"
