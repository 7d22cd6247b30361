from .conversation import ConversationPage
from .people import ConversationPerson, ConversationTheme, Theme
from .series import ConversationSeriesPage, SchedulePages, UpcomingConversation
from .snippets import Speaker
from .state import OutputsVersion

__all__ = [
    "ConversationPage",
    "ConversationPerson",
    "ConversationSeriesPage",
    "ConversationTheme",
    "OutputsVersion",
    "SchedulePages",
    "Speaker",
    "Theme",
    "UpcomingConversation",
]
