"""``{% load wagtail_kindness_images %}``: a photo that never breaks its page.

``{% kindness_image image "fill-96x96" alt=name class="…" loading="lazy" %}``
renders like Wagtail's ``{% image %}`` tag, but when the rendition cannot be
had (the ``renditions`` cache is down, the storage fails) it logs the error
and renders nothing: the page still answers, without the photo.
"""

from __future__ import annotations

import logging

from django import template
from wagtail.images.shortcuts import get_rendition_or_not_found

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def kindness_image(image, spec: str, **attrs) -> str:
    """The ``<img>`` of ``image`` with the filter ``spec``, or ``""``."""
    if not image:
        return ""
    try:
        return get_rendition_or_not_found(image, spec).img_tag(attrs)
    except Exception:  # a cache or storage failure: the page goes on without the photo
        logger.warning(
            "wagtail_kindness: no %s rendition of image %s", spec, image.pk, exc_info=True
        )
        return ""
