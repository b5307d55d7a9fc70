"""Benchmark: PointIndex vs a numpy vectorised brute-force haversine (same run, same answers).

    .venv/bin/python bench/bench_geo_index.py [--points 100000] [--queries 1000]

Nearest-10 and within-20-km among random points in France (mainland bounding box, plus some in
Corsica and the DROM). Checks that both methods return identical ids and distances, then prints
per-query times and the speed-up ratio. Goal: at least 20x.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geodata.points import PointIndex, haversine_np  # noqa: E402


def random_points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    lats = rng.uniform(42.3, 51.1, n)
    lons = rng.uniform(-4.8, 8.2, n)
    # 2 % in Corsica and the five DROM
    extra = rng.choice(n, n // 50, replace=False)
    anchors = np.array(
        [
            [42.15, 9.1],
            [16.25, -61.55],
            [14.64, -61.02],
            [4.0, -53.0],
            [-21.11, 55.53],
            [-12.82, 45.15],
        ]
    )
    pick = anchors[rng.integers(0, len(anchors), len(extra))]
    lats[extra] = pick[:, 0] + rng.normal(0, 0.2, len(extra))
    lons[extra] = pick[:, 1] + rng.normal(0, 0.2, len(extra))
    return lats, lons


def brute_nearest(lats, lons, lat, lon, k):
    d = haversine_np(lat, lon, lats, lons)
    idx = np.argpartition(d, k)[:k]
    idx = idx[np.lexsort((idx, d[idx]))]
    return idx, d[idx]


def brute_within(lats, lons, lat, lon, r):
    d = haversine_np(lat, lon, lats, lons)
    idx = np.flatnonzero(d <= r)
    idx = idx[np.lexsort((idx, d[idx]))]
    return idx, d[idx]


def timed(fn, queries):
    out = []
    t0 = time.perf_counter()
    for q in queries:
        out.append(fn(*q))
    return (time.perf_counter() - t0) / len(queries), out


def same(a_idx, a_d, res) -> bool:
    ids = np.array([i for i, _ in res], dtype=np.intp)
    ds = np.array([d for _, d in res])
    return (
        len(ids) == len(a_idx)
        and bool((ids == a_idx).all())
        and bool(np.allclose(ds, a_d, rtol=0, atol=1e-6))
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    lats, lons = random_points(rng, args.points)
    qlats, qlons = random_points(rng, args.queries)
    queries = list(zip(qlats.tolist(), qlons.tolist(), strict=True))

    t0 = time.perf_counter()
    index = PointIndex(lats, lons)
    build_s = time.perf_counter() - t0
    print(f"PointIndex over {args.points:,} points built in {build_s * 1000:.0f} ms")

    ok = True
    for label, idx_fn, brute_fn in (
        (
            "nearest-10",
            lambda a, b: index.nearest(a, b, k=10),
            lambda a, b: brute_nearest(lats, lons, a, b, 10),
        ),
        (
            "within-20-km",
            lambda a, b: index.within(a, b, 20_000),
            lambda a, b: brute_within(lats, lons, a, b, 20_000),
        ),
    ):
        t_idx, res_idx = timed(idx_fn, queries)
        t_bf, res_bf = timed(brute_fn, queries)
        identical = all(same(i, d, r) for (i, d), r in zip(res_bf, res_idx, strict=True))
        ok &= identical
        mean_hits = np.mean([len(r) for r in res_idx])
        print(
            f"{label:13s} index {t_idx * 1e6:8.1f} µs/query | brute force {t_bf * 1e6:8.1f} µs/query"
            f" | ratio {t_bf / t_idx:6.1f}x (goal >= 20x) | identical results: {identical}"
            f" | mean results {mean_hits:.1f}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
