"""Benchmarks and developer tooling: reachable as ``madoguchi bench ...`` from a source checkout.

Not part of the product: the wheel ships app/, cli/, ui/ and hardware/ only, and nothing in
them imports this package (``cli/bench.py`` loads it lazily and says so when it is absent).
"""
