"""Benchmarks and accuracy measurements; run each module with ``python -m bench.<name>``."""
