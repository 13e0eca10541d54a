"""Issue 9: being written in this session."""
