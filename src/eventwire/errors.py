"""Our exceptions. Every error a user can meet derives from EventwireError and
carries a one-line message that says what happened and what to do."""


class EventwireError(Exception):
    """Base class for every error eventwire raises on purpose."""


class InputError(EventwireError):
    """An input (file or record) cannot be read; the batch goes on without it."""


class StoreError(EventwireError):
    """The store cannot be opened or written (locked, wrong schema version, ...)."""


class ConfigError(EventwireError):
    """A command-line option or setting is invalid."""
