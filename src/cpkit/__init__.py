"""cpkit: reproducible annual reporting for children's services.

The package is a library first; ``cpkit.cli`` is a thin command-line layer over it.
Reading order follows the data: ``ingest`` -> ``warehouse`` -> ``metrics`` -> ``render``.
"""

__version__ = "0.1.0"
