"""Benchmarks, run by hand: each prints its figures against a baseline measured in the same run."""
