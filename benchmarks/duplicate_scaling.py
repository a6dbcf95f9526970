"""Candidate generation for near-duplicate names at 10k / 100k / 1M projects.

Builds project-name sets from the real names of the seed filings: each name gets a unit
prefix (a generated county and office) and, for a share of them, a mutated twin with a known
link (year added or changed, 上半年/下半年, synonym swap 营运/运营 经费/资金 补贴/补助, one-character
typo, segments reordered). Reports time and peak memory of candidate generation
(`scorer.blocking`, at the pipeline's cut `duplicates.name_ratio`), recall of the known twins,
and recall of the pairs that brute-force rapidfuzz scores at or above `--ratio` among a random
sample of 20k names drawn from the same set (all pairs of the sample compared).

    .venv/bin/python benchmarks/duplicate_scaling.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from scorer.blocking import ALL_PAIRS_UP_TO, MAX_BLOCK, SEGMENT, candidate_codes
from scorer.duplicates import Settings, name_key
from scorer.pipeline import parse_files

FILINGS = Path(__file__).resolve().parent.parent / "corpora" / "filings"
PLACE_CHARS = (
    "岚平高吕兴临汾晋阳城泽沁武安乡宁襄垣屯留长治壶关黎潞左权和顺昔榆社太谷祁文交孝柳"
    "石楼方山中离静乐神池五寨偏关河曲保德繁峙代原定襄灵丘浑源广应怀仁阳高天镇右玉山阴"
    "朔州忻府"
)
OFFICES = ["人社局", "就业服务中心", "人才中心", "社保中心", "劳动监察大队", "职业技能鉴定所", "人力资源市场", ""]
SYNONYMS = [("营运", "运营"), ("经费", "资金"), ("补贴", "补助"), ("工作经费", "业务经费"), ("费用", "经费")]
TYPO = {"经": "径", "费": "废", "补": "朴", "贴": "帖", "助": "组", "业": "亚", "务": "雾", "招": "召", "聘": "骋"}


SUFFIXES = ("工作经费", "业务经费", "业务费", "运行费", "工资保险", "补贴", "补助", "资金", "保险", "经费", "费")
QUALIFIERS = ("", "", "专项", "日常", "年度", "信息化", "培训", "宣传", "管理", "服务")


def real_names() -> list[str]:
    names = {p.name for d in parse_files(sorted(FILINGS.glob("*.txt"))) for p in d.projects if p.scope == "project"}
    return sorted(n for n in names if n)


def recombined(names: list[str]) -> list[str]:
    """Real subjects × real endings × qualifiers: thousands of plausible, distinct project names."""
    subjects, endings = set(), set()
    for name in names:
        key = name_key(name)
        ending = next((s for s in SUFFIXES if key.endswith(s) and len(key) > len(s) + 1), None)
        if ending:
            subjects.add(key[: -len(ending)])
            endings.add(ending)
    return sorted({s + q + e for s in subjects for e in endings for q in QUALIFIERS})


def mutate(name: str, rng: random.Random) -> str:
    choice = rng.randrange(5)
    if choice == 0:
        return f"{rng.choice(['2024', '2025', '2026'])}年{name}"
    if choice == 1:
        return rng.choice(["上半年", "下半年"]) + name
    if choice == 2:
        for a, b in rng.sample(SYNONYMS, len(SYNONYMS)):
            if a in name:
                return name.replace(a, b, 1)
    if choice == 3:
        spots = [i for i, ch in enumerate(name) if ch in TYPO]
        if spots:
            i = rng.choice(spots)
            return name[:i] + TYPO[name[i]] + name[i + 1 :]
    for joint in ("及", "和", "、"):
        if joint in name:
            left, right = name.split(joint, 1)
            return right + joint + left
    return f"{name}（{rng.choice(['一期', '二期'])}）"


def build(size: int, rng: random.Random, bases: list[str], twin_share: float = 0.05) -> tuple[list[str], set]:
    names: list[str] = []
    known: set[tuple[int, int]] = set()
    while len(names) < size:
        place = "".join(rng.sample(PLACE_CHARS, 2)) + rng.choice("县市区")
        unit = place + rng.choice(OFFICES)
        name = unit + rng.choice(bases)
        names.append(name)
        if rng.random() < twin_share and len(names) < size:
            names.append(unit + mutate(name[len(unit) :], rng))
            known.add((len(names) - 2, len(names) - 1))
    return names, known


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def brute_force_recall(keys: list[str], codes: np.ndarray, sample: int, ratio: float) -> tuple[int, float]:
    """Recall of the candidate codes (i * n + j) on all pairs of a random sample of the names."""
    chosen = np.array(sorted(random.Random(1).sample(range(len(keys)), min(sample, len(keys)))))
    names = [keys[i] for i in chosen]
    matrix = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=ratio, workers=-1, dtype=np.uint8)
    first, second = np.nonzero(np.triu(matrix, 1))
    brute = chosen[first].astype(np.int64) * len(keys) + chosen[second]
    return len(brute), (float(np.isin(brute, codes).mean()) if len(brute) else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--cut", type=float, default=Settings().name_ratio * 100, help="candidate cut (ratio 0–100)")
    parser.add_argument("--ratio", type=float, default=90.0, help="brute-force rapidfuzz ratio that makes a pair")
    parser.add_argument("--sample", type=int, default=20_000, help="size of the brute-force comparison sample")
    parser.add_argument("--width", type=int, default=SEGMENT, help="segment width of the blocks")
    parser.add_argument("--max-block", type=int, default=MAX_BLOCK, help="largest block compared")
    args = parser.parse_args()
    rng = random.Random(20261123)
    bases = recombined(real_names())
    print(
        f"{len(bases):,} base names recombined from the seed filings; candidate cut ratio ≥ {args.cut:g}, "
        f"segments of {args.width}, blocks up to {args.max_block:,}"
    )
    for size in args.sizes:
        names, known = build(size, rng, bases)
        keys = [name_key(n) for n in names]
        started = time.perf_counter()
        codes, stats = candidate_codes(keys, args.cut, args.width, args.max_block, ALL_PAIRS_UP_TO)
        elapsed = time.perf_counter() - started
        twins = int(np.isin([a * size + b for a, b in known], codes).sum())
        print(
            f"n={size:>9,}  candidates={len(codes):>10,}  seconds={elapsed:7.2f}  peak RSS={peak_mib():,.0f} MiB  "
            f"comparisons={stats['comparisons']:,} ({stats['comparisons'] / (size * (size - 1) / 2):.2%} of all)  "
            f"known-twin recall={twins / len(known):.3f}"
        )
        brute, recall = brute_force_recall(keys, codes, args.sample, args.ratio)
        print(
            f"           all pairs of a {min(args.sample, size):,}-name sample: {brute:,} with ratio ≥ {args.ratio:g}; "
            f"recall of the candidates {recall:.3f}"
        )


if __name__ == "__main__":
    main()
