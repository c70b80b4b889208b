"""The editors' tools behind the `explainer` command: check, new, schemas, coverage, diff, GitHub output."""
