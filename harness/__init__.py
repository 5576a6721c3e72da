"""OAuth 2.0 conformance harness: library layers used by the pytest plugin and the scenarios."""
