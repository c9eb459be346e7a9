"""The few-shot protocol of `tcoc calibrate`: per campaign, fit on two runs of one shape,
then predict the campaign's other runs with the fitted engine. The promise to an analyst:
two runs of their own deployment make the rest of the sweep trustworthy.

A campaign (cases.campaign_of) is one source's runs of one GPU, model family, precision and
engine, measured either at fixed concurrencies (TTFT and TPOT) or offline (throughput, all
requests queued at once); rows no fit sees are left out. At fixed concurrency the two runs
are the lowest and highest concurrency of the shape (model, layout and lengths) with the
most concurrency levels; offline, the shortest and longest requests (input plus output) of
the layout with the most runs. A campaign with fewer than three runs of that shape is
skipped.

The base the fit starts from is either the stdlib's engine for the campaign's engine (which
was fitted to these same rows: the base is in-sample), or, given `held_out`, the engines and
precisions refitted without the campaign, written as a module (`held_out_module`): what an
analyst with a new engine version or new hardware starts from.
"""
import collections
import csv
import os
import subprocess
import tempfile

from . import cases as cases_mod
from .plan import ENGINES, PRECISION_FIELDS, plan_text, num

COLUMNS = {"TPOT": ("tpot", "ms"), "TTFT": ("ttft", "ms"), "throughput": ("tokens_per_s_per_gpu", "tok/s")}
HELD = "heldout"  # the module of a held-out base, and the suffix of its names


def campaigns(cases):
    groups = collections.OrderedDict()
    for c in cases:
        if not cases_mod.unseen(c):
            groups.setdefault(cases_mod.campaign_of(c), []).append(c)
    return groups


def shape(c):
    """What a campaign's runs share to be one shape: the model and layout, and at fixed
    concurrency the lengths too (offline runs of one layout differ in lengths only)."""
    layout = (c["model"], c["gpus"], c["tp"], c["ep"], c["dp"], c["pp"])
    return layout if c["conc"] is None else layout + (c["isl"], c["osl"])


def pick(runs):
    """The two runs fitted on."""
    offline = runs[0]["conc"] is None
    shapes = collections.defaultdict(list)
    for c in runs:
        shapes[shape(c)].append(c)
    best = max(shapes.values(), key=len)
    if len(best) < 3:
        return None
    best = sorted(best, key=lambda c: (c["isl"] + c["osl"], c["osl"]) if offline else c["conc"])
    return best[0], best[-1]


def held_out_module(params, values):
    """A module defining `<Engine>_heldout` for each stdlib engine and `FP8_heldout`,
    `FP4_heldout`, from a refit's params and values (as plan.plan_text applies them: shared
    fields on every engine, an engine's own on it, the precisions' on FP8 and FP4)."""
    shared = [(p, v) for p, v in zip(params, values) if not p.engine and p.field not in PRECISION_FIELDS]
    out = ["// The engines and precisions refitted without one campaign.", "import gpus", "import serving", ""]
    for measured, name in ENGINES.items():
        own = [(p, v) for p, v in zip(params, values) if p.engine == measured]
        fields = ", ".join(f"{p.field} = {p.text(v)}" for p, v in shared + own)
        out.append(f"let {name}_{HELD} = {name} with {{ {fields} }}")
    for p, v in zip(params, values):
        if p.field in PRECISION_FIELDS:
            bits, field = PRECISION_FIELDS[p.field]
            name = {8: "FP8", 4: "FP4"}[bits]
            out.append(f"let {name}_{HELD} = {name} with {{ {field} = {p.text(v)} }}")
    return "\n".join(out) + "\n"


def renamed(c, held):
    """The case with its precision the held-out module's, when that module redefines it."""
    if held and c["precision"] in ("FP8", "FP4"):
        return dict(c, precision=f"{c['precision']}_{HELD}")
    return c


def write_csv(path, fit_runs, held):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["gpu", "model", "precision", "gpus", "tp", "ep", "dp", "pp", "input", "output", "batch",
                    "metric", "value", "unit"])
        for c in fit_runs:
            c = renamed(c, held)
            for fig, v in c["measured"].items():
                metric, unit = COLUMNS[fig]
                w.writerow([c["gpu"], c["model"], c["precision"], c["gpus"], c["tp"], c["ep"], c["dp"], c["pp"],
                            c["isl"], c["osl"], "auto" if c["conc"] is None else c["conc"], metric, v, unit])


def predict_with(tcoc, d, runs, held):
    """Predictions of `runs` with the engine `fitted` of d/fitted.tco."""
    text = plan_text([renamed(c, held) for c in runs], [], [], "fitted", ([HELD] if held else []) + ["fitted"])
    path = os.path.join(d, "predict.tco")
    rows = os.path.join(d, "rows.csv")
    with open(path, "w") as f:
        f.write(text)
    p = subprocess.run([tcoc, "run", "--out", rows, path], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"few-shot: tcoc failed:\n{p.stderr[-3000:]}")
    out = {}
    with open(rows, newline="") as f:
        for r in csv.DictReader(line for line in f if not line.startswith("#")):
            out[int(float(r["c.id"]))] = {"TPOT": num(r["tpot (ms)"]), "TTFT": num(r["ttft (ms)"]),
                                          "throughput": num(r["throughput (tok/s)"])}
    return out


def run(tcoc, cases, held_out=None):
    """{campaign: (fitted-on run pair, [(case, figure, measured, predicted, error)] of the
    others, the module's text, the same list for the base engine before calibration)}.
    `held_out`: {campaign: held_out_module text}; campaigns without one are skipped."""
    results = collections.OrderedDict()
    for key, runs in campaigns(cases).items():
        pair = pick(runs)
        held = held_out is not None
        if not pair or (held and key not in held_out):
            continue
        base = ENGINES[runs[0]["engine"]] + (f"_{HELD}" if held else "")
        others = [c for c in runs if c is not pair[0] and c is not pair[1]]
        with tempfile.TemporaryDirectory() as d:
            write_csv(os.path.join(d, "runs.csv"), pair, held)
            args = [tcoc, "calibrate", os.path.join(d, "runs.csv"), "--out", os.path.join(d, "fitted.tco"),
                    "--base", base]
            if held:
                with open(os.path.join(d, f"{HELD}.tco"), "w") as f:
                    f.write(held_out[key])
                args += ["--import", HELD]
            p = subprocess.run(args, capture_output=True, text=True)
            if p.returncode != 0:
                raise SystemExit(f"few-shot: tcoc calibrate failed for {key}:\n{p.stderr[-3000:]}")
            module = open(os.path.join(d, "fitted.tco")).read()
            pred = predict_with(tcoc, d, others, held)
            with open(os.path.join(d, "fitted.tco"), "w") as f:
                f.write("import serving\n" + (f"import {HELD}\n" if held else "") + f"let fitted = {base}\n")
            before = predict_with(tcoc, d, others, held)

        def error(p, c, fig, v):
            q = p.get(c["id"], {}).get(fig, float("nan"))
            return q, (q / v - 1 if q == q else float("inf"))

        errs, base_errs = [], []
        for c in others:
            for fig, v in c["measured"].items():
                q, e = error(pred, c, fig, v)
                errs.append((c, fig, v, q, e))
                base_errs.append((c, fig, v) + error(before, c, fig, v))
        results[key] = (pair, errs, module, base_errs)
    return results
