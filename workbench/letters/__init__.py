"""The Final Determination Letter: one document model, three writers, one reader."""
