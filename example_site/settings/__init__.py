"""Settings of the example site: ``base`` (shared), ``dev``, ``production`` and ``test``."""
