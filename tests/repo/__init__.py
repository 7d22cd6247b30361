"""Checks of the repository itself: a fresh clone is enough, one Python is enough."""
