"""IMR Reviewer Workbench: the Qt-free core (letters, cases, command line)."""

__version__ = "0.1.0"
