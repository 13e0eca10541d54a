"""Code that imports no project app: parsing and formatting for Vietnam, the tabular reader, the import
framework and the bulk writer. Apps build on it; it never builds on them (see docs/architecture.md)."""
