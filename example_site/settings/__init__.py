"""Settings of the example site: ``base`` (shared), ``dev``, ``production`` and ``test``;
``i18n`` and ``test_i18n`` add English and French (``languages``) to ``dev`` and ``test``."""
