"""eventwire: who did what to whom, from international news."""

__version__ = "0.1.0"
