"""The category tree, product types and attributes sellers fill cards with (read-only data)."""
