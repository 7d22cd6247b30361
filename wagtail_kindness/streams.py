"""Batch loading of StreamField values across many pages.

A lazy ``StreamValue`` converts its blocks per page, so a listing of 24
pages with document blocks would run 24 document queries.
:func:`prefetch_stream` converts one field for a whole list of pages with
one ``bulk_to_python`` call per block type, so the query count does not grow
with the number of pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from wagtail.blocks import StreamValue


def prefetch_stream(pages: Sequence[object], field_name: str) -> None:
    """Replace ``page.<field_name>`` of each page by a fully converted StreamValue."""
    if not pages:
        return
    stream_block = type(pages[0])._meta.get_field(field_name).stream_block
    raw_by_page = [list(getattr(page, field_name).raw_data) for page in pages]
    wanted: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row, items in enumerate(raw_by_page):
        for pos, item in enumerate(items):
            if item["type"] in stream_block.child_blocks:
                wanted[item["type"]].append((row, pos))
    converted: dict[tuple[int, int], object] = {}
    for type_name, places in wanted.items():
        block = stream_block.child_blocks[type_name]
        values = block.bulk_to_python([raw_by_page[r][p]["value"] for r, p in places])
        converted.update(zip(places, values, strict=True))
    for row, page in enumerate(pages):
        items = [
            (item["type"], converted[(row, pos)], item.get("id"))
            for pos, item in enumerate(raw_by_page[row])
            if (row, pos) in converted
        ]
        setattr(page, field_name, StreamValue(stream_block, items))
