#!/usr/bin/env python3
"""docs/json.md's complete example is what `tcoc run --format json examples/support-bot.tco`
prints today: the block after "prints (exit code 0):" is compared byte for byte.

    tests/outputs/json_doc_example.py TCOC REPO
"""
import subprocess
import sys

tcoc, repo = sys.argv[1], sys.argv[2]
doc = open(f"{repo}/docs/json.md", encoding="utf-8").read()
lead = "examples/support-bot.tco` prints (exit code 0):\n\n```json\n"
start = doc.index(lead) + len(lead)
shown = doc[start:doc.index("```", start)]
run = subprocess.run([tcoc, "run", "--format", "json", "examples/support-bot.tco"], cwd=repo, capture_output=True,
                     text=True)
if run.returncode != 0 or run.stdout != shown:
    sys.exit("docs/json.md's complete example differs from `tcoc run --format json examples/support-bot.tco` "
             f"(exit {run.returncode}); paste the new output into it")
