"""Fuzzing: mutated sample PDFs give a dataset or a clean GyokakuError, never anything else.

Mutants are made from the small committed sample, as committed and re-saved
with uncompressed streams (so that mutations hit the page content, not only
compressed bytes): bytes flipped, cut short, chunks deleted, repeated or
overwritten, numbers and keywords of the PDF syntax changed.  The run is
seeded, so a failure names a mutant that can be made again
(:func:`mutant`), and bounded: a fixed number of mutants, a few seconds per
page, and a time limit on the whole run.
"""

from __future__ import annotations

import random
import re
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from gyokaku.errors import GyokakuError
from gyokaku.limits import Limits
from gyokaku.pipeline import convert
from gyokaku.schemas.writers import write_dataset

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "othercity_fy2022" / "othercity_fy2022.pdf"
MUTANTS_PER_BASE = 24
RUN_SECONDS = 90.0
LIMITS = Limits(page_seconds=5.0, max_stream_mb=64.0)

Mutation = Callable[[bytes, random.Random], bytes]
NUMBER = re.compile(rb"(?<![0-9A-Za-z])\d{1,7}(?![0-9A-Za-z])")
KEYWORDS = [b"obj", b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"startxref",
            b"/Type", b"/Page", b"/Pages", b"/Kids", b"/Count", b"/Contents", b"/Length",
            b"/Font", b"/MediaBox", b"/Filter", b"/FlateDecode", b"BT", b"ET", b"Tf", b"Tj",
            b"TJ", b"Td", b"re", b"cm", b"Do", b" R", b"<<", b">>", b"[", b"]", b"(", b")"]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    """Replace 1–20 random bytes by random values."""
    mutated = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        mutated[rng.randrange(len(mutated))] = rng.randrange(256)
    return bytes(mutated)


def cut_short(data: bytes, rng: random.Random) -> bytes:
    """Keep a random prefix."""
    return data[: rng.randrange(1, len(data))]


def _span(data: bytes, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(len(data))
    return start, min(len(data), start + rng.randint(1, 4096))


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    """Remove up to 4 KiB somewhere."""
    start, end = _span(data, rng)
    return data[:start] + data[end:]


def repeat_chunk(data: bytes, rng: random.Random) -> bytes:
    """Insert a copy of up to 4 KiB right after itself."""
    start, end = _span(data, rng)
    return data[:end] + data[start:end] + data[end:]


def overwrite_chunk(data: bytes, rng: random.Random) -> bytes:
    """Overwrite up to 4 KiB with random bytes."""
    start, end = _span(data, rng)
    return data[:start] + rng.randbytes(end - start) + data[end:]


def change_numbers(data: bytes, rng: random.Random) -> bytes:
    """Replace 1–8 numbers of the PDF syntax (lengths, object numbers, boxes) by odd ones."""
    numbers = list(NUMBER.finditer(data))
    mutated = data
    for match in sorted(rng.sample(numbers, min(len(numbers), rng.randint(1, 8))),
                        key=lambda m: -m.start()):
        value = rng.choice([b"0", b"-1", b"1", b"99999999", b"2147483648", b"1e308",
                            str(int(match.group()) + rng.randint(-3, 3)).encode()])
        mutated = mutated[: match.start()] + value + mutated[match.end():]
    return mutated


def change_keywords(data: bytes, rng: random.Random) -> bytes:
    """Swap, break or drop 1–6 keywords and delimiters of the PDF syntax."""
    mutated = data
    for _ in range(rng.randint(1, 6)):
        keyword = rng.choice(KEYWORDS)
        places = [m.start() for m in re.finditer(re.escape(keyword), mutated)]
        if not places:
            continue
        at = rng.choice(places)
        replacement = rng.choice([b"", rng.choice(KEYWORDS), keyword[:-1] + b"X", keyword * 2])
        mutated = mutated[:at] + replacement + mutated[at + len(keyword):]
    return mutated


MUTATIONS: tuple[Mutation, ...] = (flip_bytes, cut_short, delete_chunk, repeat_chunk,
                                   overwrite_chunk, change_numbers, change_keywords)


def mutant(data: bytes, seed: int) -> tuple[str, bytes]:
    """The mutant made from ``data`` with ``seed``: its mutation's name and its bytes."""
    rng = random.Random(seed)
    mutation = MUTATIONS[seed % len(MUTATIONS)]
    return mutation.__name__, mutation(data, rng)


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The sample as committed and with every stream stored uncompressed."""
    plain = tmp_path_factory.mktemp("fuzz") / "plain.pdf"
    with pikepdf.open(SAMPLE) as pdf:
        pdf.save(plain, compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return {"committed": SAMPLE.read_bytes(), "plain": plain.read_bytes()}


def outcome(path: Path, out: Path) -> str:
    """What converting and writing ``path`` gave: a dataset, a clean error, or a crash."""
    try:
        write_dataset(convert(path, limits=LIMITS), out)
    except GyokakuError as error:
        line = error.one_line()
        assert "\n" not in line and line.startswith(f"{path}: ")
        return f"error {int(error.exit_code)}"
    except Exception:
        return "CRASH " + " | ".join(traceback.format_exc().strip().splitlines()[-3:])
    return "dataset"


def test_mutants_give_a_dataset_or_a_clean_error(bases: dict[str, bytes], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    results: list[tuple[str, int, str, str]] = []
    for base, data in bases.items():
        for seed in range(MUTANTS_PER_BASE):
            name, mutated = mutant(data, seed)
            path = tmp_path / f"{base}-{seed}.pdf"
            path.write_bytes(mutated)
            results.append((base, seed, name, outcome(path, tmp_path / f"out-{base}-{seed}")))
            path.unlink()
    seconds = time.monotonic() - started
    with capsys.disabled():
        counts = Counter(result[3] for result in results if not result[3].startswith("CRASH"))
        shown = ", ".join(f"{kind}: {count}" for kind, count in sorted(counts.items()))
        print(f"\nfuzz: {len(results)} mutants in {seconds:.1f} s ({shown})")
    crashes = [result for result in results if result[3].startswith("CRASH")]
    assert crashes == []
    assert seconds < RUN_SECONDS
    assert counts["dataset"] and len(counts) > 1


# Mutants that once crashed, each with the bug it found.
KNOWN_CRASHERS = [
    # a 施策 number changed to 0: the registry built from the rows took 0 for "missing"
    ("plain", 208),
]


@pytest.mark.parametrize(("base", "seed"), KNOWN_CRASHERS)
def test_known_crashers_stay_fixed(base: str, seed: int, bases: dict[str, bytes],
                                   tmp_path: Path) -> None:
    path = tmp_path / "mutant.pdf"
    path.write_bytes(mutant(bases[base], seed)[1])
    assert outcome(path, tmp_path / "out") in ("dataset", "error 3", "error 5", "error 6")
