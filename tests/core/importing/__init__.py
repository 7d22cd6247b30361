"""Tests of kindness_core.importing (no Django)."""
