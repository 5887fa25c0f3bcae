"""Body and parameter types of the differential tests: one echo route per type."""
