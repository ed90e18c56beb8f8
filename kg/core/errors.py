"""One root error; every subclass also subclasses the matching built-in.

Messages say what to do next, because they are shown to people as they are
(one line on stderr from the CLI, one `st.error` in the app).
"""


class EvergreenError(Exception):
    """Root of every error Evergreen raises on purpose."""

    exit_code = 1


class InvalidFactError(EvergreenError, ValueError):
    """A fact, date or term that cannot be stored as given."""


class UnknownPredicateError(InvalidFactError):
    """A predicate that is neither in the catalogue nor an open relation."""


class NotFoundError(EvergreenError, LookupError):
    """A fact, entity or source id that the graph does not hold."""


class ConflictError(EvergreenError, RuntimeError):
    """An edit based on a version of a fact that has changed since."""


class StoreError(EvergreenError, RuntimeError):
    """The store could not be opened, read or written."""


class StoreBusyError(StoreError):
    """The embedded store is open in another process."""


class ArticleError(EvergreenError, ValueError):
    """An input file or text that cannot be read as an article."""


class ImportFormatError(EvergreenError, ValueError):
    """An export or fact file that cannot be imported."""


class ModelMissingError(EvergreenError, RuntimeError):
    """A model package that is not installed."""


class ReadOnlyError(EvergreenError, PermissionError):
    """A write attempted while writes are not allowed."""


class LLMError(EvergreenError, RuntimeError):
    """An LLM backend that failed, timed out or answered nonsense."""
