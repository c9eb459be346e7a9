#!/usr/bin/env python3
"""`tcoc run --plot`, end to end: runs plans on native code and on the interpreter and checks
every sweep and simulation got an SVG or a note on stderr; that each SVG is well-formed XML
(xmllint when installed, else Python's parser), draws the data (a mark per row, the frontier,
the statistics), names the units and the groups; that both engines write the same bytes; that
stdout is what `tcoc run` prints without --plot; and that small.tco's charts equal expected/.

    check_plots.py --tcoc build/tcoc PLAN...           check
    check_plots.py --tcoc build/tcoc --update          rewrite expected/ after an intended change
"""
import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.dom.minidom

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_PLAN = os.path.join(HERE, "small.tco")
EXPECTED = os.path.join(HERE, "expected")
MARKS = ("circle", "rect", "polygon")

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


def run(tcoc, args):
    p = subprocess.run([tcoc] + args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def well_formed(path):
    if shutil.which("xmllint"):
        p = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
        if p.returncode != 0:
            fail(f"{path}: xmllint: {p.stderr.strip()}")
            return None
    try:
        return xml.dom.minidom.parse(path)
    except Exception as e:  # the parser's own errors, whatever their class
        fail(f"{path}: not well-formed XML: {e}")
        return None


def text_of(node):
    if node.nodeType == node.TEXT_NODE:
        return node.data
    return "".join(text_of(c) for c in node.childNodes)


def texts(node):
    """Every text an element shows, its tspans joined."""
    return [text_of(t) for t in node.getElementsByTagName("text")]


def groups(node, cls):
    return [g for g in node.getElementsByTagName("g") if g.getAttribute("class") == cls]


def marks(node):
    return sum(len(node.getElementsByTagName(m)) for m in MARKS)


def finite(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def check_chart(path, doc, table):
    svg = doc.documentElement
    kind = svg.getAttribute("data-kind")
    title = doc.getElementsByTagName("title")[0].firstChild.data
    if title != table["title"]:
        fail(f"{path}: title {title!r}, sweep {table['title']!r}")
    shown = " ".join(texts(svg))
    cols = table["columns"]
    rows = table["rows"]
    index = {c["name"]: i for i, c in enumerate(cols)}

    def values(name):
        return [r[index[name]] for r in rows] if name in index else []

    if kind in ("lines", "bars"):
        for panel in groups(svg, "panel"):
            names = panel.getAttribute("data-name").split(", ")
            for n in names:
                unit = cols[index[n]]["unit"] if n in index else ""
                if unit and unit not in shown:
                    fail(f"{path}: panel {n}: its unit {unit!r} is not on the chart")
            series = groups(panel, "series")
            expected = sum(1 for n in names for v in values(n) if finite(v))
            drawn = sum(marks(s) for s in series)
            # Lines mark their points while they have at most 40; bars draw one per value.
            if kind == "bars" or all(marks(s) <= 40 for s in series):
                if drawn != expected:
                    fail(f"{path}: panel {names}: {drawn} marks for {expected} values")
            for s in series:
                label = s.getAttribute("data-label")
                if len(series) > 1 and label and label not in shown:
                    fail(f"{path}: series {label!r} is not in a legend")
    elif kind == "pareto":
        front = groups(svg, "frontier")
        if len(front) != 1:
            fail(f"{path}: {len(front)} frontiers")
        elif len(rows) <= 200 and marks(front[0]) != len(rows):
            fail(f"{path}: {marks(front[0])} frontier points for {len(rows)} rows")
        met = re.search(r"([\d,]+) met `where`", " ".join(table.get("notes", [])) + " " + shown)
        cloud = sum(marks(g) for g in groups(svg, "cloud"))
        if met and cloud != int(met.group(1).replace(",", "")):
            fail(f"{path}: {cloud} cloud points, {met.group(1)} met `where`")
        for g in groups(svg, "cloud"):
            if g.getAttribute("data-label") and g.getAttribute("data-label") not in shown:
                fail(f"{path}: group {g.getAttribute('data-label')!r} is not in the legend")
        for c in cols:
            if c["unit"] and c["unit"] not in shown:
                fail(f"{path}: unit {c['unit']!r} is not on the chart")
    elif kind == "histogram":
        hist = groups(svg, "histogram")
        if not hist or any(marks(h) == 0 for h in hist):
            fail(f"{path}: no histogram bars")
        # Every sample is in a bin but the few beyond the axis, which a footnote counts.
        m = re.search(r"([\d,]+) samples", " ".join(table.get("notes", [])) + " " + shown)
        outside = re.search(r"([\d,]+) of [\d,]+ samples fall outside", shown)
        for h in hist:
            if m:
                total = int(m.group(1).replace(",", ""))
                off = int(outside.group(1).replace(",", "")) if outside else 0
                if float(h.getAttribute("data-samples")) + off != min(total, 200000):
                    fail(f"{path}: {h.getAttribute('data-samples')} samples binned, {off} outside, of {total}")
        for c in cols:
            m = re.match(r"(p\d+|mean|min|max)\(", c["name"])
            if m and not any(t.startswith(m.group(1) + " ") for t in texts(svg)):
                fail(f"{path}: statistic {m.group(1)} is not marked")
            if c["unit"] and c["unit"] not in shown:
                fail(f"{path}: unit {c['unit']!r} is not on the chart")
    else:
        fail(f"{path}: unknown data-kind {kind!r}")


def check_plan(tcoc, plan, work):
    name = os.path.splitext(os.path.basename(plan))[0]
    code, plain, _ = run(tcoc, ["run", plan])
    jcode, jout, _ = run(tcoc, ["run", "--format", "json", plan])
    dirs = {}
    for engine, extra in (("native", ["--jit"]), ("interpreter", ["--no-jit"])):
        d = os.path.join(work, name, engine)
        c, out, err = run(tcoc, ["run"] + extra + ["--plot", d, plan])
        if c != code:
            fail(f"{plan}: exit {c} with --plot ({engine}), {code} without")
        if out != plain:
            fail(f"{plan}: stdout differs with --plot ({engine})")
        dirs[engine] = (d, err)
    d, err = dirs["native"]
    files = sorted(os.listdir(d))
    if sorted(os.listdir(dirs["interpreter"][0])) != files:
        fail(f"{plan}: the engines wrote different files")
    for f in files:
        with open(os.path.join(d, f), "rb") as a, open(os.path.join(dirs["interpreter"][0], f), "rb") as b:
            if a.read() != b.read():
                fail(f"{plan}: {f} differs between native code and the interpreter")
    if any(f.startswith(".") for f in files):
        fail(f"{plan}: temporary files left in the plot folder: {files}")
    result = json.loads(jout)
    titles = {}
    for f in files:
        doc = well_formed(os.path.join(d, f))
        if doc:
            titles[doc.getElementsByTagName("title")[0].firstChild.data] = (f, doc)
    for table in result["sweeps"] + result["simulations"]:
        if table["title"] in titles:
            f, doc = titles[table["title"]]
            check_chart(os.path.join(d, f), doc, table)
        elif f'no chart for sweep "{table["title"]}"' not in err and \
                f'no chart for simulation "{table["title"]}"' not in err:
            fail(f"{plan}: {table['title']!r} has neither a chart nor a note on stderr")
    return d, files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tcoc", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("plans", nargs="*")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        d, files = check_plan(a.tcoc, GOLDEN_PLAN, work)
        if a.update:
            shutil.rmtree(EXPECTED, ignore_errors=True)
            shutil.copytree(d, EXPECTED)
            print(f"wrote {len(files)} charts to {EXPECTED}")
        else:
            expected = sorted(os.listdir(EXPECTED)) if os.path.isdir(EXPECTED) else []
            if expected != files:
                fail(f"small.tco: charts {files}, expected {expected}")
            for f in set(files) & set(expected):
                with open(os.path.join(d, f), "rb") as x, open(os.path.join(EXPECTED, f), "rb") as y:
                    if x.read() != y.read():
                        fail(f"small.tco: {f} differs from expected/{f} "
                             f"(after an intended change: {sys.argv[0]} --tcoc TCOC --update)")
        for plan in a.plans:
            check_plan(a.tcoc, plan, work)
    print(f"{'FAILED' if failures else 'passed'}: {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
