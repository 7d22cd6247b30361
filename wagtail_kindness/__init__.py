"""wagtail_kindness: a Wagtail plugin for recurring conversation series."""
