"""mlew - the ML Enablement Workshop on one shared terminal."""

__version__ = "0.1.0"
