"""Tests of the ``madoguchi`` command line (cli/), one module per command group."""
