"""Views of the plugin, and only views: the archive and its routes, the calendar files,
the feeds, and the speaker snippet's admin views.  The pages' route methods stay thin
and import these (Wagtail's idiom)."""
