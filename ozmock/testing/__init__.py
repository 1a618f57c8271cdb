"""Test kit: pytest plugin, transports and Hypothesis strategies."""
