from .conversation import ConversationPage
from .imports import ImportRecord
from .joining import Delivery, JoinMode, Place, Registration
from .people import ConversationPerson, ConversationTheme, Theme
from .series import ConversationSeriesPage, SchedulePages, UpcomingConversation
from .snippets import Speaker
from .state import OutputsVersion

__all__ = [
    "ConversationPage",
    "ConversationPerson",
    "ConversationSeriesPage",
    "ConversationTheme",
    "Delivery",
    "ImportRecord",
    "JoinMode",
    "OutputsVersion",
    "Place",
    "Registration",
    "SchedulePages",
    "Speaker",
    "Theme",
    "UpcomingConversation",
]
