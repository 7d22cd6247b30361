from .conversation import ConversationPage
from .people import ConversationPerson, ConversationTheme
from .series import ConversationSeriesPage, UpcomingConversation
from .snippets import Speaker

__all__ = [
    "ConversationPage",
    "ConversationPerson",
    "ConversationSeriesPage",
    "ConversationTheme",
    "Speaker",
    "UpcomingConversation",
]
