"""Segmentation speed of jieba (the reference) and rjieba (the optional accelerator) on indicator text.

Cuts every distinct text of the seed filings (三级 names, values, project names, goals) with
each installed engine and the domain dictionary, without the model tokenizer's cache, and
checks that both engines give the same words. Prints start-up time (dictionary loading),
characters per second and the number of texts on which the engines disagree; the README
quotes the output.

    .venv/bin/python benchmarks/tokenizer_speed.py --rounds 20
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from scorer import nlp
from scorer.pipeline import parse_file

FILINGS = Path(__file__).resolve().parent.parent / "corpora" / "filings"


def seed_texts() -> list[str]:
    texts: set[str] = set()
    for path in sorted(FILINGS.glob("*.txt")):
        for project in parse_file(path).projects:
            texts |= {project.name, project.goal_total or "", project.goal_annual or "", project.overview or ""}
            texts |= {i.level3 for i in project.indicators} | {i.value for i in project.indicators}
    return sorted(t for t in texts if t)


def startup_seconds(engine: str) -> float:
    """Dictionary loading in a fresh process (what a one-file `scorer score` pays once)."""
    code = (
        "import time; from scorer import nlp; t = time.perf_counter(); "
        f"nlp.segment('公益性岗位', {engine!r}); print(time.perf_counter() - t)"
    )
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the seed texts per engine")
    args = parser.parse_args()
    texts = seed_texts()
    chars = sum(map(len, texts))
    print(f"texts              {len(texts)} distinct, {chars} characters")
    words: dict[str, list[list[str]]] = {}
    for engine in nlp.available_engines():
        words[engine] = [nlp.segment(t, engine) for t in texts]  # loads the dictionary
        started = time.perf_counter()
        for _ in range(args.rounds):
            for text in texts:
                nlp.segment(text, engine)
        elapsed = time.perf_counter() - started
        print(f"{engine:8} start-up   {startup_seconds(engine):.2f} s (fresh process, dictionary loaded)")
        print(f"{engine:8} speed      {args.rounds * chars / elapsed / 1000:,.0f}k characters/s")
    if len(words) == 2:
        differ = sum(a != b for a, b in zip(words["jieba"], words["rjieba"], strict=True))
        print(f"texts segmented differently by the two engines: {differ} of {len(texts)}")


if __name__ == "__main__":
    main()
