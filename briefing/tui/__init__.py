"""The reader: a Textual app over the briefing model (imported only by `briefing open`)."""
