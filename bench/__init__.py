"""Benchmarks of the explainer plugin: corpus generator, build runner, matching and rebuild benchmarks."""
