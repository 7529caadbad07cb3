"""The clinical case summary: the structured form the reviewer fills and the prose drafted from it."""
