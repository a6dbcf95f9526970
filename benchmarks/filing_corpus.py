"""Thousands of realistic filings made by varying the real seed filings.

Each generated filing takes one seed (so one of the three table layouts) and changes what
differs from one department and year to the next: the place and the office (so department,
implementer and headings change together), project names, header amounts, numeric
indicator values, the budget year (every `yyyy年` shifted alike), and for a share of files
the encoding (GB18030, as older Windows tools save). Rows keep their real shape, so the
parser, the value grammar and every check see realistic text rather than cache hits.

    .venv/bin/python benchmarks/filing_corpus.py --filings 10000 --out /tmp/filings-10k
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

FILINGS = Path(__file__).resolve().parent.parent / "corpora" / "filings"
SEED_PLACES = {"000": "岚县", "001": "吕梁市", "002": "高平市", "004": "平罗县"}
PLACE_CHARS = (
    "岚平高吕兴临汾晋阳城泽沁武安乡宁襄垣屯留长治壶关黎潞左权和顺昔榆社太谷祁文交孝柳石楼方山中离静乐神池五寨偏"
)
OFFICES = (
    "人力资源和社会保障局",
    "就业服务局",
    "人才交流服务中心",
    "社会保险事业管理局",
    "劳动保障监察局",
    "职业技能鉴定中心",
)
QUALIFIERS = ("", "", "", "城乡", "重点群体", "农村劳动力", "高校毕业生", "社区", "专项")
GB18030_SHARE = 0.05

_NAME_LINE = re.compile(r"^(项目名称[^\t]*\t+)([^\t合]+)", re.MULTILINE)
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?=\s*年)")
_AMOUNT = re.compile(r"(?<=\t)(\d{1,3}(?:,\d{3})+)(\.\d+)?(?=\t)")
_VALUE = re.compile(r"(?<=\t)([≥≤><]=?)?(\d+(?:\.\d+)?)(%|人次|人|次|个|户|家|场|期|天|元/月)(?=\t|$)", re.MULTILINE)


def seeds() -> dict[str, str]:
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(FILINGS.glob("*.txt"))}


def _place(rng: random.Random, suffix: str) -> str:
    return "".join(rng.sample(PLACE_CHARS, 2)) + suffix


def _value(match: re.Match[str], rng: random.Random, chosen: dict[str, str]) -> str:
    """A new target for half of the values; the same value gets the same new one in both halves."""
    original = match.group(0)
    if original not in chosen:
        op, number, unit = match.group(1) or "", match.group(2), match.group(3)
        if rng.random() < 0.5:
            chosen[original] = original
        elif unit == "%":
            chosen[original] = f"{op}{rng.choice((80, 85, 90, 95, 98) if op else (90, 95, 100))}%"
        else:
            chosen[original] = f"{op}{max(1, round(float(number) * rng.uniform(0.7, 1.3)))}{unit}"
    return chosen[original]


def vary(key: str, text: str, rng: random.Random, names: list[str]) -> str:
    """One new filing from a seed: new place and office, names, amounts, values and year."""
    place = _place(rng, SEED_PLACES[key][-1])
    text = text.replace(SEED_PLACES[key], place).replace("人力资源和社会保障局", rng.choice(OFFICES))

    def rename(match: re.Match[str]) -> str:
        name = match.group(2) if rng.random() < 0.5 else rng.choice(names)
        return match.group(1) + rng.choice(QUALIFIERS) + name

    text = _NAME_LINE.sub(rename, text)
    shift = rng.choice((-2, -1, 0, 0, 1))
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    factor = rng.uniform(0.5, 2.0)
    text = _AMOUNT.sub(lambda m: f"{int(int(m.group(1).replace(',', '')) * factor):,}{m.group(2) or ''}", text)
    chosen: dict[str, str] = {}
    return _VALUE.sub(lambda m: _value(m, rng, chosen), text)


def build(count: int, out: Path, seed: int = 7) -> list[Path]:
    """Write `count` filings into `out` (kept if already there), named by number and seed."""
    rng = random.Random(seed)
    texts = seeds()
    names = sorted({m.group(2) for text in texts.values() for m in _NAME_LINE.finditer(text)})
    out.mkdir(parents=True, exist_ok=True)
    keys = sorted(texts)
    written = []
    for number in range(count):
        key = keys[number % len(keys)]
        text = vary(key, texts[key], rng, names)
        encoding = "gb18030" if rng.random() < GB18030_SHARE else "utf-8"
        path = out / f"{number:06d}_{key}.txt"
        if not path.exists():
            path.write_bytes(text.encode(encoding))
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filings", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    paths = build(args.filings, args.out)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} filings in {args.out} ({size / 2**20:.0f} MiB)")


if __name__ == "__main__":
    main()
