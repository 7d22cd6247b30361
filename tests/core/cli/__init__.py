"""Tests of kindness_core.cli (no Django)."""
