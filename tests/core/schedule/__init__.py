"""Tests of kindness_core.schedule (no Django)."""
