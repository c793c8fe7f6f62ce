"""Every component id, in one place."""

SYNTHETIC_BANNER = "synthetic-banner"
PAGE_CONTAINER = "page-container"
NAVBAR = "navbar"
DATASETS_TABLE = "datasets-table"
