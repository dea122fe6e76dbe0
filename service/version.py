"""The package version, readable without the app factory (the analysis puts it in its cache keys)."""

__version__ = "0.1.0"
