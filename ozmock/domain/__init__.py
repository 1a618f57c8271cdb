"""Stateful behaviour, one module per area. Importing this package registers them all."""
