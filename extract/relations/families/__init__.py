"""One module per event family; each has `find(reader) -> list[Claim]` (see ../registry.py)."""
