"""The `/__ozmock/` control API: sellers, clock, faults, journal, state, orders, files."""
