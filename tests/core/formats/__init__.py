"""Tests of kindness_core.formats (no Django)."""
