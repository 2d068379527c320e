"""mlew's benchmarks: ``python -m benchmarks`` (see the README for the figures)."""
