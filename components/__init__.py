"""The dashboard's parts: each module does one job for ``app.py``."""
