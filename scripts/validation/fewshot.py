"""The few-shot protocol of `tcoc calibrate`: per family, fit on two runs of one shape,
then predict the family's other runs with the fitted engine. The promise to an analyst:
two runs of their own deployment make the rest of the sweep trustworthy.

A family is one GPU, model family, engine and precision, measured either at fixed
concurrencies (TTFT and TPOT) or offline (throughput, all requests queued at once); rows no
fit sees are left out. At fixed concurrency the two runs are the lowest and highest
concurrency of the shape (model, layout and lengths) with the most concurrency levels;
offline, the shortest and longest requests (input plus output) of the layout with the most
runs. A family with fewer than three runs of that shape is skipped.
"""
import collections
import csv
import os
import subprocess
import tempfile

from . import cases as cases_mod
from .plan import ENGINES, plan_text, num

COLUMNS = {"TPOT": ("tpot", "ms"), "TTFT": ("ttft", "ms"), "throughput": ("tokens_per_s_per_gpu", "tok/s")}


def families(cases):
    fam = collections.OrderedDict()
    for c in cases:
        if cases_mod.unseen(c):
            continue
        offline = c["conc"] is None
        fam.setdefault((c["gpu"], cases_mod.family_name(c), c["engine"], c["precision"], offline), []).append(c)
    return fam


def family_text(key):
    return " ".join(key[:4]) + (", offline" if key[4] else "")


def pick(runs, offline):
    """The two runs fitted on."""
    shapes = collections.defaultdict(list)
    for c in runs:
        layout = (c["model"], c["gpus"], c["tp"], c["ep"], c["dp"], c["pp"])
        shapes[layout if offline else layout + (c["isl"], c["osl"])].append(c)
    shape = max(shapes.values(), key=len)
    if len(shape) < 3:
        return None
    shape = sorted(shape, key=lambda c: (c["isl"] + c["osl"], c["osl"]) if offline else c["conc"])
    return shape[0], shape[-1]


def write_csv(path, fit_runs):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["gpu", "model", "precision", "gpus", "tp", "ep", "dp", "pp", "input", "output", "batch",
                    "metric", "value", "unit"])
        for c in fit_runs:
            for fig, v in c["measured"].items():
                metric, unit = COLUMNS[fig]
                w.writerow([c["gpu"], c["model"], c["precision"], c["gpus"], c["tp"], c["ep"], c["dp"], c["pp"],
                            c["isl"], c["osl"], "auto" if c["conc"] is None else c["conc"], metric, v, unit])


def predict_with(tcoc, d, runs):
    """Predictions of `runs` with the engine `fitted` of d/fitted.tco."""
    text = plan_text(runs, [], [], "calibrated").replace("import serving\n", "import serving\nimport fitted\n")
    text = text.replace("  let e0 = calibrated", "  let e0 = fitted")
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


def run(tcoc, cases):
    """{family: (fitted-on run pair, [(case, figure, measured, predicted, error)] of the others,
    the module's text, the same list for the base engine before calibration)}."""
    results = collections.OrderedDict()
    for key, runs in families(cases).items():
        pair = pick(runs, key[4])
        if not pair:
            continue
        with tempfile.TemporaryDirectory() as d:
            write_csv(os.path.join(d, "runs.csv"), pair)
            base = ENGINES[key[2]]
            p = subprocess.run([tcoc, "calibrate", os.path.join(d, "runs.csv"), "--out", os.path.join(d, "fitted.tco"),
                                "--base", base], capture_output=True, text=True)
            if p.returncode != 0:
                raise SystemExit(f"few-shot: tcoc calibrate failed for {key}:\n{p.stderr[-3000:]}")
            module = open(os.path.join(d, "fitted.tco")).read()
            others = [c for c in runs if c is not pair[0] and c is not pair[1]]
            pred = predict_with(tcoc, d, others)
            with open(os.path.join(d, "fitted.tco"), "w") as f:
                f.write(f"import serving\nlet fitted = {base}\n")
            before = predict_with(tcoc, d, others)

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
