"""Red-flag rules, one module per app whose data they read (see quality.flags)."""
