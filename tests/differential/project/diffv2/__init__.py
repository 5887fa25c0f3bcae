"""The #3 ("type fidelity") part of the differential project: every msgspec type of the issue,
one feature group per API module so that each group can be switched on by itself in
`../pyproject.toml` (`[tool.bolt] apis`) as the native pipeline learns it."""
