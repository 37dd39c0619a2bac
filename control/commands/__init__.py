"""One module per command: each has ``add_parser(sub)``, which sets ``run(dataset, args) -> exit code``."""
