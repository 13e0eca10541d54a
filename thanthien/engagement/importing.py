"""Issue 9: the importers of past registers, being written in this session."""

IMPORTERS: tuple = ()
