"""The `/__ozmock/` control API, a module per subject: service (health, operations, OpenAPI), state
(reset, export, import), clock, faults, journal, sellers and keys, orders and push, files."""
