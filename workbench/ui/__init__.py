"""The window (PySide6). The only package that may import Qt; it calls the core, never the reverse."""
