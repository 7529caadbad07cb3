"""The clinical case summary: the form the reviewer fills and the prose drafted from it."""
