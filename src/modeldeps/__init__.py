"""modeldeps: audit a repository's machine-learning model dependencies."""

__version__ = "0.1.0"
