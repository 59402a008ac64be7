"""detente: political event data from news, offline.

>>> import detente
>>> events = detente.code("On June 16, Putin and Biden met in Geneva.", published="2021-06-20")

The public API is what ``__all__`` lists; everything else may change.
"""

from detente.errors import CodingError, ConfigError, DetenteError, SourceError, StoreError
from detente.model import Actor, Article, Event, Mention, Place, Plover
from detente.pipeline import Pipeline, code
from detente.settings import Settings

__all__ = [
    "code",
    "Pipeline",
    "Settings",
    "Article",
    "Actor",
    "Event",
    "Mention",
    "Place",
    "Plover",
    "DetenteError",
    "SourceError",
    "ConfigError",
    "CodingError",
    "StoreError",
]

__version__ = "0.1.0"
