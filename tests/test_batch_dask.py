"""The Dask engine: the same per-document function on a dask.distributed LocalCluster, same results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_corpus import bad_filings
from conftest import SEEDS
from test_batch import reference_contract, stored_contract

from scorer.batch.paths import expand
from scorer.batch.runner import run_batch
from scorer.config import load_config


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_dask_engine_matches_scorer_score(scheduler: str, tmp_path: Path) -> None:
    files = expand([str(p) for p in SEEDS.values()] + [str(p) for p in bad_filings(tmp_path)])
    db = str(tmp_path / "dask.sqlite")
    result = run_batch(files, db, load_config(), engine_name="dask", scheduler=scheduler)
    assert (result.scored, len(result.errors), result.duplicates) == (6, 2, 63)
    assert stored_contract(db) == reference_contract(files)


def test_dask_engine_needs_a_scheduler(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--scheduler"):
        run_batch([str(SEEDS["004"])], str(tmp_path / "x.sqlite"), load_config(), engine_name="dask")
