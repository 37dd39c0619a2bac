"""``python -m control``: the command line, thin over the library (one module per command)."""
