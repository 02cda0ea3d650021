"""Sample reports: content files, the generator that renders them, and their golden datasets."""
