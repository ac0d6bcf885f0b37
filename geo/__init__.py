"""Geoparsing of war reports: reports in, one documented GeoJSON layer out.

Importing this package is cheap on purpose: the gazetteer, the name matcher and the
HTML extractor are loaded on first use, never at import time.
"""

__version__ = "0.1.0"
