"""What a stored result depends on: tool, rules and model versions and the configuration.

A document is rescored when any of these change. The rules version is a digest of the
package's own source for every stage that decides a result (layouts, values, checks, score,
duplicates …), so a change to a check can never leave stale results marked current; the
modules that only present or store results are left out of it.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import scorer
from scorer.config import Config
from scorer.store.writer import Versions

PACKAGE = Path(scorer.__file__).resolve().parent
# Modules that read or present results but never change one.
_PRESENTATION = ("cli.py", "evaluate.py", "report/", "store/", "batch/")
_MODEL_DIRS = (PACKAGE / "models", PACKAGE.parent / "models")
_MODEL_SUFFIXES = {".skops", ".json", ".npz", ".npy", ".txt", ".onnx"}


def _digest(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def rules_version() -> str:
    sources = [
        path
        for path in PACKAGE.rglob("*")
        if path.suffix in {".py", ".toml"}
        and not path.relative_to(PACKAGE).as_posix().startswith(_PRESENTATION)
        and "__pycache__" not in path.parts
    ]
    from scorer.library.index import DEFAULT_DIR as LIBRARY

    # the indicator library decides the suggestions, so a rebuilt library is a new rules version
    library = sorted(LIBRARY.glob("*.json")) if LIBRARY.is_dir() else []
    return _digest(sources, PACKAGE) if not library else _digest(sources + library, PACKAGE.parent)


@lru_cache(maxsize=1)
def model_version() -> str:
    """Digest of the trained model files shipped with the package, or 'none' while there are none."""
    for folder in _MODEL_DIRS:
        files = [p for p in folder.rglob("*") if p.is_file() and p.suffix in _MODEL_SUFFIXES] if folder.is_dir() else []
        if files:
            return _digest(files, folder)
    return "none"


def config_hash(config: Config) -> str:
    text = json.dumps(config, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def current_versions(config: Config) -> Versions:
    return Versions(
        tool_version=scorer.__version__,
        rules_version=rules_version(),
        model_version=model_version(),
        config_hash=config_hash(config),
    )
