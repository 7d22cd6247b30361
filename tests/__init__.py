"""Test suites; a package so that ``tests.settings`` wins over any installed ``tests``."""
