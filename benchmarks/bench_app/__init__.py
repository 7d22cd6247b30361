"""A benchmarks-only app: the floor page types (never installed by the plugin)."""
