"""Handlers of the parameter-type end-to-end tests (tests/e2e/test_param_types.py)."""
