"""``make bench``: timings and query counts of the plugin's pages (see docs/performance.md)."""
