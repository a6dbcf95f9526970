"""Weights, thresholds and lexicons: defaults shipped as TOML, overridable with --config."""

from __future__ import annotations

import tomllib
from copy import deepcopy
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

Config = dict[str, Any]


@lru_cache(maxsize=1)
def _defaults() -> Config:
    text = resources.files("scorer").joinpath("default_config.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: Config, override: Config) -> Config:
    merged = deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(path: str | Path | None = None) -> Config:
    """The defaults, with a user's TOML file laid over them key by key."""
    if path is None:
        return deepcopy(_defaults())
    with open(path, "rb") as handle:
        return _merge(_defaults(), tomllib.load(handle))


def default_config() -> Config:
    return _defaults()
