"""Views of the plugin: the archive routes, the dashboard panel, editor messages
and the speaker snippet viewset.  Page route methods stay thin and call these."""
