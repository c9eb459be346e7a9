#!/usr/bin/env python3
"""Quick off the mark: three ratios of tcoc against a reference, measured in one run.

    bench/quick.py [--tcoc build/tcoc] [--runs N] [--markdown]

1. Start-up: a cold `tcoc run examples/article.tco` against an empty C program (both whole
   processes); also `tcoc --help`. Target: the article run at most 12 times the empty program.
2. Many small kernels: tcoc's default engine against the interpreter (`--no-jit`) on plans
   shaped to tempt a JIT into losing (2,000 two-line reports, 300 small sweeps, sweeps just
   around the point where compiling starts to pay) and on one large sweep. Targets: the
   default never above 1.2 times the interpreter; the large sweep at least 100 times faster.
3. A large plan: `tcoc check` of a 300,000-let plan (6.4 MB) against `gcc -fsyntax-only` of
   the same 300,000 constants in C (`static const double vN = ...;`). Targets: no slower,
   and at most twice gcc's peak memory.

Each pair of commands runs alternately (A B A B ...) after a warm-up; a ratio is the median of
the per-pair ratios, so a machine that slows down for a while does not bias it. Needs gcc and
python3 only. Prints a Markdown section (bench/run includes it in bench/results.md).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_once(cmd, cwd=None):
    """Wall seconds and peak RSS (KiB) of one whole process."""
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, stdout=null, stderr=null, cwd=cwd)
        _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"quick.py: `{' '.join(cmd)}` exited {code}")
    return wall, usage.ru_maxrss


def paired(a, b, runs):
    """Median wall time of A and B and the median of the per-pair ratios A/B; peak RSS of each."""
    run_once(a)
    run_once(b)
    ta, tb, ratios, ra, rb = [], [], [], 0, 0
    for _ in range(runs):
        wa, ma = run_once(a)
        wb, mb = run_once(b)
        ta.append(wa)
        tb.append(wb)
        ratios.append(wa / wb)
        ra, rb = max(ra, ma), max(rb, mb)
    return statistics.median(ta), statistics.median(tb), statistics.median(ratios), ra, rb


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def reports_plan(n):
    return "".join(f'report "r{i}" {{\n  a: {i} * 3 GB / 2 s\n  b: {i} * 1.5 $/hr -> $/month\n}}\n' for i in range(n))


def small_sweeps_plan(n, points):
    return "".join(
        f'sweep "s{i}" {{\n  over x in 1 .. {points}\n  let y = sqrt(x) * {i} + ln(x + 1)\n'
        f"  best min abs(y - {points // 2})\n  show x, y\n}}\n"
        for i in range(n)
    )


def large_sweep_plan():
    """bench/run's cost kernel (bench/cost_kernel.tco.in) at 10^7 points: 4 GPUs x 2500 batch
    sizes x 100 power prices x 10 utilisations, `best min cost by gpu`."""
    with open(os.path.join(ROOT, "bench", "cost_kernel.tco.in")) as f:
        text = f.read()
    for key, value in {"@TITLE@": "Cost kernel", "@P_LAST@": "99", "@U_LAST@": "9", "@P@": "100", "@U@": "10",
                       "@REDUCE@": "best min cost by gpu"}.items():
        text = text.replace(key, value)
    return text


def run_phase_ms(cmd):
    """The `run` phase of `tcoc ... --time`: the evaluation alone, without start-up or compile."""
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in p.stderr.splitlines():
        if line.startswith("time: "):
            return float(line.split(" run ")[1].split(" ms")[0])
    sys.exit(f"quick.py: no --time line from `{' '.join(cmd)}`")


def lets_plan(path_tco, path_c, n):
    import random

    rng = random.Random(2)
    with open(path_tco, "w") as t, open(path_c, "w") as c:
        for i in range(n):
            x = round(rng.uniform(0, 10000), 2)
            t.write(f"let v{i} = {x}\n")
            c.write(f"static const double v{i} = {x};\n")
        t.write(f'report "r" {{\n  x: v{n - 1}\n}}\n')
        c.write(f"double r(void) {{ return v{n - 1}; }}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tcoc", default=os.path.join(ROOT, "build", "tcoc"))
    ap.add_argument("--runs", type=int, default=15, help="pairs for the quick commands (default 15)")
    ap.add_argument("--markdown", action="store_true", help="print only the Markdown section")
    a = ap.parse_args()
    tcoc = os.path.abspath(a.tcoc)
    say = print
    note = (lambda m: print(m, file=sys.stderr)) if a.markdown else print
    rows = []  # (target, measured, met)
    with tempfile.TemporaryDirectory(prefix="tcoc-quick-") as work:
        empty = os.path.join(work, "empty")
        subprocess.run(["gcc", "-O2", "-o", empty, write(os.path.join(work, "empty.c"), "int main(void){return 0;}\n")],
                       check=True)
        article = os.path.join(ROOT, "examples", "article.tco")

        # 1. start-up
        note("quick: start-up")
        t_run, t_empty, r_run, _, _ = paired([tcoc, "run", article], [empty], a.runs * 2)
        t_help, _, r_help, _, _ = paired([tcoc, "--help"], [empty], a.runs * 2)
        rows.append(("cold `tcoc run examples/article.tco` ≤ 12x an empty C program",
                     f"{r_run:.1f}x ({t_run * 1e3:.1f} ms against {t_empty * 1e3:.1f} ms); `tcoc --help` {r_help:.1f}x",
                     r_run <= 12))

        # 2. the engine's choice against the interpreter
        plans = [
            ("2,000 two-line reports", reports_plan(2000)),
            ("300 sweeps of 1,000 points", small_sweeps_plan(300, 1000)),
            ("20 sweeps of 20,000 points", small_sweeps_plan(20, 20000)),
            ("5 sweeps of 200,000 points", small_sweeps_plan(5, 200000)),
        ]
        worst = 0
        detail = []
        for name, text in plans:
            note(f"quick: default engine against --no-jit: {name}")
            p = write(os.path.join(work, "plan.tco"), text)
            td, ti, r, _, _ = paired([tcoc, "run", p], [tcoc, "run", "--no-jit", p], max(3, a.runs // 3))
            worst = max(worst, r)
            detail.append(f"{name} {r:.2f}x ({td * 1e3:.0f} / {ti * 1e3:.0f} ms)")
        rows.append(("default engine ≤ 1.2x the interpreter on any plan",
                     f"worst {worst:.2f}x: " + "; ".join(detail), worst <= 1.2))
        note("quick: default engine against --no-jit: a 10,000,000-point sweep")
        p = write(os.path.join(work, "large.tco"), large_sweep_plan())
        td, ti, r, _, _ = paired([tcoc, "run", p], [tcoc, "run", "--no-jit", p], 2)
        one = ["--threads", "1", "--time"]
        native = min(run_phase_ms([tcoc, "run", *one, p]) for _ in range(3))
        interp = min(run_phase_ms([tcoc, "run", "--no-jit", *one, p]) for _ in range(2))
        rows.append(("a large sweep keeps its ≥ 100x lead over the interpreter by default (the sweep, 1 thread)",
                     f"{interp / native:.0f}x ({native:.0f} ms against {interp:.0f} ms, 10^7 points); "
                     f"whole processes on all cores {1 / r:.1f}x ({td:.2f} s against {ti:.2f} s)",
                     interp / native >= 100))

        # 3. a large plan against gcc's front end
        note("quick: tcoc check of 300,000 lets against gcc -fsyntax-only")
        lt, lc = os.path.join(work, "lets.tco"), os.path.join(work, "lets.c")
        lets_plan(lt, lc, 300000)
        tt, tg, r, mt, mg = paired([tcoc, "check", lt], ["gcc", "-fsyntax-only", lc], 7)
        size = os.path.getsize(lt) / 1e6
        rows.append((f"`tcoc check` of 300,000 lets ({size:.1f} MB) no slower than `gcc -fsyntax-only`",
                     f"{r:.2f}x ({tt:.2f} s against {tg:.2f} s)", r <= 1.0))
        rows.append(("... with at most 2x gcc's peak memory",
                     f"{mt / mg:.2f}x ({mt / 1024:.0f} MiB against {mg / 1024:.0f} MiB)", mt / mg <= 2.0))

    say("## Quick off the mark (bench/quick.py)")
    say("")
    say(f"Medians of paired runs (A B A B ...), whole processes; {os.cpu_count()} cores.")
    say("")
    say("| target | measured | |")
    say("| --- | --- | --- |")
    for target, measured, met in rows:
        say(f"| {target} | {measured} | {'met' if met else '**missed**'} |")
    say("")
    return 0 if all(m for _, _, m in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
