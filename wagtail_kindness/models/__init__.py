from .pages import ConversationPage, ConversationSeriesPage, UpcomingConversation
from .people import ConversationPerson, ConversationTheme
from .snippets import Speaker

__all__ = [
    "ConversationPage",
    "ConversationPerson",
    "ConversationSeriesPage",
    "ConversationTheme",
    "Speaker",
    "UpcomingConversation",
]
