"""``make lighthouse``: Lighthouse scores of the example site (see ``run.py``)."""
