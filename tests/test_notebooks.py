"""The notebooks run and their saved outputs are what a fresh run prints."""

from __future__ import annotations

import importlib.util
import os

import pytest
from conftest import ROOT

MISSING = [name for name in ("nbclient", "nbformat", "ipykernel") if importlib.util.find_spec(name) is None]


@pytest.mark.skipif(bool(MISSING) and not os.environ.get("CI"), reason=f"not installed: {', '.join(MISSING)}")
def test_saved_notebook_outputs_are_current():
    spec = importlib.util.spec_from_file_location("notebooks_run", ROOT / "notebooks" / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    import nbformat

    for path in notebooks:
        saved = nbformat.read(path, as_version=4)
        outputs = run.text_outputs(saved)
        assert sum(map(bool, outputs)) >= len(outputs) - 1, f"{path}: saved without its outputs"
        assert run.text_outputs(run.execute(path)) == outputs, f"{path}: run notebooks/run.py"
