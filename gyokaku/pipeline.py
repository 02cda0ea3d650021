"""One report PDF to a dataset: the stages wired together, with I/O at the edges.

``extract`` streams pages from the PDF, ``normalize`` reads them into a
:class:`~gyokaku.model.Dataset`; writing is left to the caller
(``gyokaku.schemas``), so that nothing is written unless conversion succeeded.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from itertools import chain
from pathlib import Path

from gyokaku.errors import ProfileError
from gyokaku.extract import DEFAULT_ENGINE
from gyokaku.extract.parallel import read_pages
from gyokaku.extract.preflight import describe_within_limits
from gyokaku.extract.streamguard import stream_limit
from gyokaku.limits import Limits
from gyokaku.model import Dataset, Page, SourceInfo
from gyokaku.normalize.document import PageReading, finish, read_page, read_row_cells
from gyokaku.normalize.layout import classify_table
from gyokaku.normalize.lines import remembering_logical_lines
from gyokaku.normalize.profile import Profile
from gyokaku.normalize.registry import Registry, registry_from_content, registry_from_output
from gyokaku.profiles import builtin_profiles, load_profile

ProgressCallback = Callable[[int, int], None]


def load_registry(path: Path) -> Registry:
    """Read a registry file: a previous output (folder or initiatives.json) or a content file."""
    file = path / "initiatives.json" if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(str(path), "registry file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProfileError(str(path), f"registry is not readable JSON ({exc})") from None
    if isinstance(data, list):
        registry = registry_from_output(data, str(file))
    elif isinstance(data, dict) and isinstance(data.get("items"), list):
        registry = registry_from_content(data, str(file))
    else:
        raise ProfileError(str(path), "registry must be an initiatives.json array or a "
                                      "content file with an 'items' list")
    if not registry:
        raise ProfileError(str(path), "registry holds no items with policy/development/item "
                                      "numbers and names")
    return registry


def _profile_score(page: Page, profile: Profile) -> int:
    layouts = (classify_table(table, profile) for table in page.tables)
    return sum(layout.matched_cells for layout in layouts if layout is not None)


def choose_profile(pages: Iterator[Page], candidates: list[Profile]
                   ) -> tuple[Profile, str, Iterable[Page]]:
    """Pick the profile whose headers match the first report page; returns the pages unread.

    Pages read while looking (a cover, say) are handed back in front of the rest.
    """
    seen: list[Page] = []
    for page in pages:
        seen.append(page)
        scores = [(_profile_score(page, profile), profile) for profile in candidates]
        best_score, best = max(scores, key=lambda pair: pair[0])
        if best_score > 0:
            others = ", ".join(f"{p.name}={s}" for s, p in scores if p is not best)
            reason = (f"{best_score} header cells on page {page.index + 1} match "
                      f"'{best.name}'" + (f" (others: {others})" if others else ""))
            return best, reason, chain(seen, pages)
    return candidates[0], "no page matched any profile", iter(seen)


@contextmanager
def _existing_objects_frozen() -> Iterator[None]:
    """Keep the objects that exist now (imported libraries, mostly) out of garbage collection
    until the block ends.

    A conversion makes millions of short-lived tuples, which trigger many
    collections; each full one would walk every library object again (about
    a tenth of a long report's time).  Nothing is frozen when the caller has
    frozen objects itself, and the freeze is undone at the end.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def convert(pdf_path: Path, *, engine: str = DEFAULT_ENGINE, profile: str = "auto",
            registry: Path | None = None, password: str | None = None,
            on_progress: ProgressCallback | None = None,
            limits: Limits | None = None, workers: int | None = None) -> Dataset:
    """Convert one report PDF into a dataset (nothing is written).

    ``limits`` (default :class:`~gyokaku.limits.Limits`) bound the document's size, the
    decompressed size of its streams and the time to open it or read one page; the
    first one exceeded raises :class:`~gyokaku.errors.LimitExceededError`.
    ``workers`` processes read pages at once (``None``: one per core, see
    :func:`gyokaku.extract.parallel.read_pages`); the dataset is the same.
    """
    limits = limits or Limits()
    with _existing_objects_frozen(), stream_limit(limits, str(pdf_path)):
        source = describe_within_limits(pdf_path, limits, password=password)
        pages = read_pages(engine, pdf_path, password=password, limits=limits,
                           workers=workers)
        with closing(pages):  # stops the page-reading processes on any error
            return _convert_pages(pages, source, engine=engine, profile=profile,
                                  registry=registry, on_progress=on_progress)


def _convert_pages(pages: Iterable[Page], source: SourceInfo, *, engine: str, profile: str,
                   registry: Path | None, on_progress: ProgressCallback | None) -> Dataset:
    """Read the pages of a document that passed the limit checks."""
    known_registry = load_registry(registry) if registry is not None else None
    if profile == "auto":
        chosen, reason, pages = choose_profile(iter(pages), builtin_profiles())
    else:
        chosen, reason = load_profile(profile), "chosen with --profile"
    reading = PageReading(chosen)
    with remembering_logical_lines():
        read_rows = 0
        for done, page in enumerate(pages, start=1):
            read_page(reading, page)
            # while the page workers read on, this process reads the new rows' cells
            read_rows = read_row_cells(reading, read_rows)
            if on_progress is not None:
                on_progress(done, source.page_count)
        dataset = finish(reading, source, known_registry)
    dataset.engine = engine
    dataset.profile_reason = reason
    return dataset
