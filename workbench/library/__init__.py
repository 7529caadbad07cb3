"""The guideline citation library: sources, entries, snippets, guideline PDFs, search, citing."""
