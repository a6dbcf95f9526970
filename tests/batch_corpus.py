"""Small batches of distinct filings made from the seed filings, for the batch and store tests."""

from __future__ import annotations

from pathlib import Path

from conftest import SEEDS


def varied_filings(folder: Path, rounds: int) -> list[Path]:
    """`rounds` copies of every seed with renamed projects, so each file has its own content hash."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for round_no in range(rounds):
        for key, seed in SEEDS.items():
            text = seed.read_text(encoding="utf-8").replace("项目名称\t", f"项目名称\t第{round_no}批")
            target = folder / f"r{round_no:03d}_{key}.txt"
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return sorted(written)


def bad_filings(folder: Path) -> list[Path]:
    """An empty file and a binary one: each must become a recorded error, not a stopped batch."""
    folder.mkdir(parents=True, exist_ok=True)
    empty, binary = folder / "empty.txt", folder / "binary.txt"
    empty.write_bytes(b"")
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    return [binary, empty]
