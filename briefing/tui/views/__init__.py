"""What a place looks like, as Rich renderables and plain data: section views, prose,
search highlights, the tree outlines and the reader's note card. No widgets here."""
