"""Fitting the constants: Nelder-Mead on the mean |log(predicted / measured)|.

Each search is a generator that yields the points it wants priced and receives their
losses, so that many searches (one per held-out campaign) advance in step: every step
prices all their points in one tcoc run.
"""
import math
import sys

from . import cases as cases_mod
from .plan import predict

# Weight of each figure in the loss. TTFT weighs less: at low concurrency the measured TTFT
# carries the benchmark runs' start-up effects, which no serving model reproduces.
WEIGHTS = {"TPOT": 1.0, "throughput": 1.0, "TTFT": 0.5}


def clamp(params, x):
    return [min(max(v, p.lo), p.hi) for p, v in zip(params, x)]


def loss_of(cases, pred, weights):
    """Mean |log(pred / measured)|, each family weighing as the square root of its size (so
    that the 500 offline rows of one file do not drown the 24 of another)."""
    total, norm = 0.0, 0.0
    for c in cases:
        p = pred.get(c["id"])
        for m, v in c["measured"].items():
            w = WEIGHTS[m] * weights[(c["id"], m)]
            q = p[m] if p else float("nan")
            err = abs(math.log(q / v)) if q and q > 0 and math.isfinite(q) else 5.0
            total += w * min(err, 5.0)
            norm += w
    return total / norm if norm else 0.0


def family_weights(cases):
    sizes = {}
    for c in cases:
        for m in c["measured"]:
            k = cases_mod.family_of(c, m)
            sizes[k] = sizes.get(k, 0) + 1
    return {(c["id"], m): 1 / math.sqrt(sizes[cases_mod.family_of(c, m)]) for c in cases for m in c["measured"]}


def nelder_mead(x0, steps, iters):
    """A generator: yields lists of points, receives their values; returns (best, value)."""
    n = len(x0)
    pts = [list(x0)] + [[x0[j] + (steps[j] if j == i else 0) for j in range(n)] for i in range(n)]
    vals = yield pts
    for _ in range(iters):
        order = sorted(range(n + 1), key=lambda i: vals[i])
        pts, vals = [pts[i] for i in order], [vals[i] for i in order]
        cen = [sum(p[j] for p in pts[:-1]) / n for j in range(n)]
        refl = [cen[j] + (cen[j] - pts[-1][j]) for j in range(n)]
        exp = [cen[j] + 2 * (cen[j] - pts[-1][j]) for j in range(n)]
        con = [cen[j] + 0.5 * (pts[-1][j] - cen[j]) for j in range(n)]
        fr, fe, fc = yield [refl, exp, con]  # priced together: one run, not three
        if fr < vals[0]:
            pts[-1], vals[-1] = (exp, fe) if fe < fr else (refl, fr)
        elif fr < vals[-2]:
            pts[-1], vals[-1] = refl, fr
        elif fc < vals[-1]:
            pts[-1], vals[-1] = con, fc
        else:
            shrunk = [[pts[0][j] + 0.5 * (pts[i][j] - pts[0][j]) for j in range(n)] for i in range(1, n + 1)]
            new = yield shrunk
            pts[1:], vals[1:] = shrunk, list(new)
    best = min(range(n + 1), key=lambda i: vals[i])
    return pts[best], vals[best]


def fit_many(tcoc, problems, params, iters, base_engine, label="fit", fixed=()):
    """`problems`: {name: cases to fit on}. Fits each from the same start; returns
    {name: (values, loss)}. All searches advance in step, one tcoc run per step.
    `fixed`: (param, value) pairs priced with every point but not searched, or {name: such
    pairs} when each problem holds its own values (the same params for all)."""
    per_name = fixed if isinstance(fixed, dict) else {name: fixed for name in problems}
    fixed_params = [p for p, _ in next(iter(per_name.values()), ())]
    x0 = [p.start for p in params]
    steps = [max(abs(p.start) * 0.3, 0.05) for p in params]
    every = {c["id"]: c for cs in problems.values() for c in cs}
    all_cases = sorted(every.values(), key=lambda c: c["id"])
    weights = {name: family_weights(cs) for name, cs in problems.items()}
    gens = {name: nelder_mead(x0, steps, iters) for name in problems}
    asked = {name: next(g) for name, g in gens.items()}
    done = {}
    step = 0
    while asked:
        names = list(asked)
        points = [[v for _, v in per_name[name]] + clamp(params, x) for name in names for x in asked[name]]
        preds = predict(tcoc, all_cases, fixed_params + list(params), points, base_engine)
        k = 0
        replies = {}
        for name in names:
            vals = []
            for _ in asked[name]:
                vals.append(loss_of(problems[name], preds[k], weights[name]))
                k += 1
            replies[name] = vals
        for name in names:
            try:
                asked[name] = gens[name].send(replies[name])
            except StopIteration as stop:
                x, v = stop.value
                done[name] = (clamp(params, x), v)
                del asked[name]
        if step % 25 == 0:
            best = min(min(r) for r in replies.values())
            print(f"  {label} step {step}: {len(asked)} searches running, best loss {best:.5f}", file=sys.stderr)
        step += 1
    return done

