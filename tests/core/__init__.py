"""Tests of the framework-free core library (plain pytest, no Django)."""
