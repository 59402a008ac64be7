"""Pipeline stages: pure functions over the types in :mod:`detente.model`."""
