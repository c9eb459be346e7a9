#!/usr/bin/env python3
"""An interrupted `tcoc run --out` leaves the old file and no temporary.

`--out` streams rows to a temporary beside the target (runtime/atomic_file.h). tcoc is
stopped with SIGINT (Ctrl-C), SIGTERM and SIGHUP while the temporary is open; each time
the target must still hold its old bytes and the folder no temporary. On both engines.

usage: interrupted.py TCOC
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

# Ten billion points and nothing kept: seconds of work that writes only the header.
PLAN = """sweep "long" {
  over x in 1 .. 10000000000
  where ln(x) < -1
  show x
}
"""


def temporaries(folder):
    return [n for n in os.listdir(folder) if n.startswith(".rows.csv.tmp")]


def one(tcoc, folder, sig, engine):
    plan = os.path.join(folder, "plan.tco")
    rows = os.path.join(folder, "rows.csv")
    with open(rows, "w") as f:
        f.write("old rows\n")
    args = [tcoc, "run"] + engine + ["--out", rows, plan]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not temporaries(folder):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            return f"no temporary appeared (exit {proc.returncode}): {err.decode()[:500]}"
        time.sleep(0.01)
    time.sleep(0.2)
    proc.send_signal(sig)
    try:
        proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        return "tcoc did not stop"
    problems = []
    if proc.returncode != -sig:
        problems.append(f"exit {proc.returncode}, expected death by signal {sig}")
    left = temporaries(folder)
    if left:
        problems.append(f"temporaries left: {left}")
        for n in left:
            os.unlink(os.path.join(folder, n))
    with open(rows) as f:
        if f.read() != "old rows\n":
            problems.append("rows.csv changed")
    return "; ".join(problems)


def main():
    tcoc = sys.argv[1]
    failures = 0
    runs = 0
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "plan.tco"), "w") as f:
            f.write(PLAN)
        for engine in (["--jit"], ["--no-jit"]):
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                runs += 1
                problem = one(tcoc, folder, sig, engine)
                name = f"{signal.Signals(sig).name} {'interpreter' if engine == ['--no-jit'] else 'JIT'}"
                if problem:
                    failures += 1
                    print(f"FAIL {name}: {problem}")
                else:
                    print(f"ok   {name}")
    print(f"{runs - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
