"""The project's tests, laid out as the package they test."""
