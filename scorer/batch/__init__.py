"""Batch scoring into a database: many filings in parallel (processes or a Dask cluster), resumable."""
