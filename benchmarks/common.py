"""Helpers shared by the benchmarks: timing, result tables, cached demonstration databases."""

from __future__ import annotations

import hashlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pea_desktop.services.demo.data as demo_data_module
import pea_desktop.services.demo.generator as demo_module
import pea_desktop.services.demo.rows as demo_rows_module
from pea_desktop.store.database import known_revisions, open_database

# Generated databases are kept here between runs (PEA_BENCH_CACHE overrides).
CACHE_DIR = Path(os.environ.get("PEA_BENCH_CACHE") or Path(tempfile.gettempdir()) / "pea-bench")
# A fixed "today", so that the cached databases do not depend on the day they were made.
BENCH_TODAY_ENV = "PEA_BENCH_TODAY"


@dataclass
class Result:
    """One line of a benchmark table: a time, its baseline, and the goal it must meet."""

    measure: str
    seconds: float
    baseline: float | None = None
    max_ratio: float | None = None
    max_seconds: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.seconds / self.baseline

    @property
    def ok(self) -> bool:
        ratio_ok = self.max_ratio is None or (
            self.ratio is not None and self.ratio <= self.max_ratio
        )
        time_ok = self.max_seconds is None or self.seconds < self.max_seconds
        return ratio_ok and time_ok

    @property
    def goal(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}×")
        if self.max_seconds is not None:
            parts.append(f"< {_duration(self.max_seconds)}")
        return " and ".join(parts) or "-"


def _duration(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def print_table(title: str, results: list[Result]) -> bool:
    """Print the results as a table; return True when every goal is met."""
    headers = ("measure", "time", "baseline", "ratio", "goal", "")
    lines = [
        (
            r.measure,
            _duration(r.seconds),
            "-" if r.baseline is None else _duration(r.baseline),
            "-" if r.ratio is None else f"{r.ratio:.2f}×",
            r.goal,
            "OK" if r.ok else "KO",
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [headers, *lines]) for i in range(len(headers))]
    print(f"\n{title}")
    for row in [headers, tuple("-" * w for w in widths), *lines]:
        cells = [
            str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    return all(r.ok for r in results)


def median_time(action: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    """Median wall time of ``action`` over ``repeat`` runs, after ``warmup`` untimed runs."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def paired_medians(
    action: Callable[[], object], baseline: Callable[[], object], repeat: int = 7
) -> tuple[float, float]:
    """Median times of ``action`` and ``baseline``, run alternately after one warm-up each.

    Alternating spreads any load from other processes over both sides alike.
    """
    action()
    baseline()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for side, function in enumerate((action, baseline)):
            started = time.perf_counter()
            function()
            times[side].append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def _generator_fingerprint() -> str:
    """Changes whenever the demo generator or the schema changes: stale caches are not reused."""
    digest = hashlib.sha256(known_revisions()[-1].encode())
    for module in (demo_module, demo_rows_module, demo_data_module):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:12]


def demo_database(activities: int, *, antennas: int = 40, years: int = 10, seed: int = 1) -> Path:
    """A database of exactly ``activities`` demo activities, built once then reused."""
    from datetime import date

    today = date.fromisoformat(os.environ.get(BENCH_TODAY_ENV, "2026-01-15"))
    name = f"demo-{activities}-{antennas}a-{years}y-s{seed}-{today}-{_generator_fingerprint()}"
    path = CACHE_DIR / f"{name}.sqlite3"
    if path.exists():
        return path
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in CACHE_DIR.glob(f"{partial.name}*"):
        leftover.unlink()
    print(f"Building {activities:,} demo activities in {path} (once; cached)...", flush=True)
    started = time.perf_counter()
    db = open_database(partial)
    try:
        demo_module.generate(
            db,
            antennas=antennas,
            years=years,
            seed=seed,
            today=today,
            activities_target=activities,
        )
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    partial.rename(path)
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    return path
