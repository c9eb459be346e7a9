#!/usr/bin/env python3
"""The cost kernel of bench/cost_kernel.tco.in in numpy (bench/run runs it; not a test).

    cost_kernel.py MODE P U REDUCE

MODE    grid: the grid is broadcast (a chunk of batch sizes x P x U), so each
        sub-expression is computed once per value of the axes it depends on, as one
        writes a sweep in numpy (the baseline); flat: chunks of the flat index are split
        into axis indices and every operation runs on full-size arrays (the shape of
        tcoc's kernels; for reading the gap)
P, U    the number of power prices and utilisations (the grid is 4 x 2500 x P x U)
REDUCE  by (best min cost by gpu), best (best min cost), top (top 10 by min cost)

Prints `points N`, `met M`, `ms T` (the sweep alone) and the kept rows, best first, as
tab-separated `name batch power_price util cost` with 17 significant digits, like
bench/cost_kernel.cpp. The formula is the plan's, operation for operation and in the same
order, in float64; ties go to the lower flat index (row-major, the last axis fastest).
Chunks hold about CHUNK points, so memory stays bounded whatever the grid's size.
"""
import sys
import time

import numpy as np

GPUS = [  # name, bandwidth B/s, FLOP/s, TDP W, price $
    ("H100 SXM", 3350000000000.0, 1979000000000000.0, 700.0, 30000.0),
    ("H200", 4800000000000.0, 1979000000000000.0, 700.0, 35000.0),
    ("B200", 7700000000000.0, 4500000000000000.0, 1000.0, 45000.0),
    ("MI300X", 5300000000000.0, 2615000000000000.0, 750.0, 20000.0),
]
BATCHES = 2500
PRICE_LO = 1.111111111111111e-08  # $0.04/kWh in $/J
PRICE_SPAN = 4.444444444444444e-08  # $0.16/kWh in $/J
TOP_N = 10
CHUNK = 1 << 20


class Reducer:
    """Best per GPU, best overall, or the 10 best; candidates are (cost, index, row)."""

    def __init__(self, kind):
        self.kind = kind
        self.best = {}  # group -> (cost, index, row); dicts keep insertion order
        self.top = []  # sorted by (cost, index)
        self.met = 0

    def offer(self, group, cost, index, row):
        """One candidate: the chunk's best (lowest cost, then lowest index) for `group`."""
        cur = self.best.get(group)
        if cur is None or cost < cur[0] or (cost == cur[0] and index < cur[1]):
            self.best[group] = (cost, index, row)

    def offer_top(self, costs, indices, rows):
        merged = self.top + list(zip(costs, indices, rows))
        merged.sort(key=lambda c: (c[0], c[1]))
        self.top = merged[:TOP_N]

    def rows(self):
        if self.kind == "top":
            return [c[2] for c in self.top]
        return [c[2] for c in self.best.values()]


def reduce_chunk(red, g, cost, index, row_of):
    """cost, index: 1-D arrays of the points of one GPU that met `where`, in index order."""
    if cost.size == 0:
        return
    red.met += cost.size
    if red.kind == "top":
        k = min(TOP_N, cost.size)
        kth = np.partition(cost, k - 1)[k - 1]
        cand = np.nonzero(cost <= kth)[0]  # every tie of the k-th value, so ties are exact
        order = np.lexsort((index[cand], cost[cand]))[:k]
        sel = cand[order]
        red.offer_top([float(c) for c in cost[sel]], [int(i) for i in index[sel]], [row_of(j) for j in sel])
        return
    j = int(np.argmin(cost))  # the first minimum: the lowest index among ties
    red.offer(g if red.kind == "by" else 0, float(cost[j]), int(index[j]), row_of(j))


def grid(P, U, red):
    price_step, util_step = PRICE_SPAN / P, 0.65 / U
    power_price = PRICE_LO + (0 + np.arange(P, dtype=np.float64)) * price_step  # (P,)
    util = 0.3 + (0 + np.arange(U, dtype=np.float64)) * util_step  # (U,)
    block = max(1, CHUNK // (P * U))  # batch sizes per chunk
    for g, (name, bandwidth, flops, tdp, price) in enumerate(GPUS):
        mem_bw, compute = 8 * bandwidth * 0.8, 8 * flops * 0.5
        capex, power = price / 126230400, tdp * 1.3
        rate = 8 * (capex + power * power_price)  # (P,)
        for b0 in range(0, BATCHES, block):
            b = np.arange(b0, min(BATCHES, b0 + block), dtype=np.int64)
            batch = 1 + b.astype(np.float64)
            kv = batch * 1000 * 160000
            t_mem = (70600000000.0 + kv) / mem_bw
            t_compute = 141200000000.0 * batch / compute
            tpot = np.maximum(t_mem, t_compute) + 0.005
            tokens = batch * (1 / tpot)  # tcoc reads `batch * 1 tok / tpot` so
            keep = tpot <= 0.025  # the `where` depends on (gpu, batch) only
            if not keep.any():
                continue
            b, batch, tokens = b[keep], batch[keep], tokens[keep]
            cost = rate[None, :, None] / (tokens[:, None, None] * util[None, None, :])  # (k, P, U)
            cost = cost.ravel()
            # flat index of (g, b, p, u), row-major
            index = ((g * BATCHES + b)[:, None] * (P * U) + np.arange(P * U, dtype=np.int64)[None, :]).ravel()

            def row_of(j, b=b, batch=batch):
                bi, rest = divmod(int(j), P * U)
                p, u = divmod(rest, U)
                return (name, float(batch[bi]), float(power_price[p]), float(util[u]), float(cost[j]))

            reduce_chunk(red, g, cost, index, row_of)


def flat(P, U, red):
    price_step, util_step = PRICE_SPAN / P, 0.65 / U
    names = [g[0] for g in GPUS]
    bandwidth, flops, tdp, price = (np.array([g[k] for g in GPUS]) for k in (1, 2, 3, 4))
    points = 4 * BATCHES * P * U
    per_gpu = BATCHES * P * U
    i1 = 0
    while i1 < points:
        # chunks never straddle two GPUs, so that `by` can reduce one group per chunk
        i0, i1 = i1, min(points, i1 + CHUNK, (i1 // per_gpu + 1) * per_gpu)
        index = np.arange(i0, i1, dtype=np.int64)
        u, rest = index % U, index // U
        p, rest = rest % P, rest // P
        b, g = rest % BATCHES, rest // BATCHES
        bw, fl, td, pr = bandwidth[g], flops[g], tdp[g], price[g]
        batch = 1 + b.astype(np.float64)
        power_price = PRICE_LO + (0 + p.astype(np.float64)) * price_step
        util = 0.3 + (0 + u.astype(np.float64)) * util_step
        kv = batch * 1000 * 160000
        t_mem = (70600000000.0 + kv) / (8 * bw * 0.8)
        t_compute = 141200000000.0 * batch / (8 * fl * 0.5)
        tpot = np.maximum(t_mem, t_compute) + 0.005
        tokens = batch * (1 / tpot)
        rate = 8 * (pr / 126230400 + td * 1.3 * power_price)
        cost = rate / (tokens * util)
        keep = tpot <= 0.025
        if not keep.any():
            continue
        cost, index, batch, power_price, util = cost[keep], index[keep], batch[keep], power_price[keep], util[keep]
        gi = int(i0 // per_gpu)

        def row_of(j, batch=batch, power_price=power_price, util=util, cost=cost, gi=gi):
            return (names[gi], float(batch[j]), float(power_price[j]), float(util[j]), float(cost[j]))

        reduce_chunk(red, gi, cost, index, row_of)


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("grid", "flat") or sys.argv[4] not in ("by", "best", "top"):
        sys.exit("usage: cost_kernel.py grid|flat P U by|best|top")
    mode, P, U, kind = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    red = Reducer(kind)
    t0 = time.perf_counter()
    (grid if mode == "grid" else flat)(P, U, red)
    ms = (time.perf_counter() - t0) * 1000
    print(f"points {4 * BATCHES * P * U}\nmet {red.met}\nms {ms:.3f}")
    for name, batch, pp, util, cost in red.rows():
        print(f"{name}\t{batch:.17g}\t{pp:.17g}\t{util:.17g}\t{cost:.17g}")


if __name__ == "__main__":
    main()
