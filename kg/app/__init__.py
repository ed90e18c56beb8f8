"""The application layer: the service facade, the CLI, ingest orchestration and evaluation."""
