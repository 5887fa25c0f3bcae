"""The example budget: small and deterministic in CI, large and random on demand.

- CI (default): `DEFAULT_EXAMPLES` examples per test, derandomized, so that the whole suite
  runs in well under a minute and fails the same way every time.
- Long run: `BOLT_DIFF_EXAMPLES=20000 pytest tests/differential` (examples per test), with
  random seeds; `BOLT_DIFF_SEED=<n>` makes a long run repeatable.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

DEFAULT_EXAMPLES = 75
_requested = os.environ.get("BOLT_DIFF_EXAMPLES")
EXAMPLES = int(_requested) if _requested else DEFAULT_EXAMPLES
LONG_RUN = _requested is not None

DIFF_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG_RUN,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)
