"""`scorer serve`: upload filings in a browser and screen the results (FastAPI, server-rendered pages)."""

from scorer.web.app import create_app

__all__ = ["create_app"]
