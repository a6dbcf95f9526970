"""Execute the notebooks in this folder in place, so their saved outputs are current.

.venv/bin/python notebooks/run.py            # execute and save
.venv/bin/python notebooks/run.py --check    # execute and fail if a saved output differs
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def text_outputs(notebook: nbformat.NotebookNode) -> list[list[str]]:
    """What each code cell printed or displayed as plain text."""
    outputs = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output["text"])
            elif "data" in output:
                texts.append(output["data"].get("text/plain", ""))
            elif output.get("output_type") == "error":
                texts.append(f"{output['ename']}: {output['evalue']}")
        outputs.append(texts)
    return outputs


def execute(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    return notebook


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not save; fail when outputs differ")
    args = parser.parse_args()
    status = 0
    for path in sorted(HERE.glob("*.ipynb")):
        saved = nbformat.read(path, as_version=4)
        fresh = execute(path)
        if args.check:
            if text_outputs(saved) != text_outputs(fresh):
                print(f"{path}: saved outputs differ from a fresh run; run notebooks/run.py", file=sys.stderr)
                status = 1
        else:
            nbformat.write(fresh, path)
            print(f"executed {path}")
    return status


if __name__ == "__main__":
    sys.exit(main())
