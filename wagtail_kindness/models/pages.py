"""The page types, kept importable from here: see :mod:`.series` and :mod:`.conversation`."""

from .conversation import ConversationPage
from .series import ConversationSeriesPage, UpcomingConversation

__all__ = ["ConversationPage", "ConversationSeriesPage", "UpcomingConversation"]
