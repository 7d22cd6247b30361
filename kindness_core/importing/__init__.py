"""Importing an archive page: its text, people, aliases, the importer and its result.

* :mod:`~kindness_core.importing.cleaning`: white space and lines of text
  pasted from a web page;
* :mod:`~kindness_core.importing.page`: the page's text checked and split
  into headings, paragraphs and cue lines;
* :mod:`~kindness_core.importing.people`: people named in prose;
* :mod:`~kindness_core.importing.aliases`: names that probably mean one
  person, and the caller's aliases (``OLD=NEW``);
* :mod:`~kindness_core.importing.result`: what an import gives (the series,
  its conversations, warnings, likely duplicates);
* :mod:`~kindness_core.importing.importer`: :func:`import_archive`, the
  pipeline.

The output formats may import :mod:`~kindness_core.importing.result` (a JSON
document carries the import's warnings) and nothing else of this package.
Its ``__init__`` loads no module, so importing the result does not load the
pipeline.
"""

from __future__ import annotations

__all__: list[str] = []
