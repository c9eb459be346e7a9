#!/usr/bin/env python3
"""ctest editors/vscode-package: checks the VS Code extension in editors/vscode.

- package.json contributes the `tco` language (`.tco`), its configuration, the grammar
  (scope source.tco) and the snippets, and every file it names exists and is valid JSON;
- language-configuration.json has the comments, brackets and auto-closing pairs of .tco;
- syntaxes/tco.tmLanguage.json is what editors/vscode/build-grammar.py generates;
- every snippet, expanded with its default placeholders, gives a plan that `tcoc check`
  accepts (all snippets in one plan, in the order of snippets/tco.json).

Usage: check_vscode_package.py [path/to/tcoc]   (without tcoc the last check is skipped)
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXT = os.path.join(HERE, "..", "..", "editors", "vscode")
failures = []


def check(cond, message):
    if not cond:
        failures.append(message)
    return cond


def load(rel):
    path = os.path.join(EXT, rel)
    if not check(os.path.isfile(path), f"{rel}: missing"):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except ValueError as e:
        check(False, f"{rel}: invalid JSON: {e}")
        return None


def expand(body):
    """A snippet body with every placeholder replaced by its default (VS Code syntax:
    `$1`, `${1}`, `${1:default}`, `${1|a,b|}`, escapes `\\$`, `\\}`, `\\\\`)."""
    values = {}

    def parse(s, i, stop):
        out = []
        while i < len(s):
            c = s[i]
            if c == "\\" and i + 1 < len(s) and s[i + 1] in "$}\\,|":
                out.append(s[i + 1])
                i += 2
            elif stop and c == "}":
                return "".join(out), i + 1
            elif c == "$":
                m = re.match(r"\$(\d+)|\$\{(\d+)\}|\$\{(\d+):|\$\{(\d+)\|([^|]*)\|\}", s[i:])
                if not m:
                    out.append(c)
                    i += 1
                elif m.group(1) or m.group(2):
                    out.append(values.get(m.group(1) or m.group(2), ""))
                    i += m.end()
                elif m.group(3):
                    text, i = parse(s, i + m.end(), True)
                    values.setdefault(m.group(3), text)
                    out.append(text)
                else:
                    first = re.split(r"(?<!\\),", m.group(5))[0].replace("\\,", ",")
                    values.setdefault(m.group(4), first)
                    out.append(first)
                    i += m.end()
            else:
                out.append(c)
                i += 1
        return "".join(out), i

    text, _ = parse("\n".join(body) if isinstance(body, list) else body, 0, False)
    return text


def main():
    pkg = load("package.json")
    if pkg:
        c = pkg.get("contributes", {})
        langs = [l for l in c.get("languages", []) if l.get("id") == "tco"]
        if check(langs, "package.json: no language with id tco"):
            check(".tco" in langs[0].get("extensions", []), "package.json: .tco not an extension")
            check(langs[0].get("configuration") == "./language-configuration.json",
                  "package.json: language configuration is not ./language-configuration.json")
        grammars = [g for g in c.get("grammars", []) if g.get("language") == "tco"]
        if check(grammars, "package.json: no grammar for tco"):
            check(grammars[0].get("scopeName") == "source.tco", "package.json: scopeName is not source.tco")
            g = load(grammars[0].get("path", ""))
            if g:
                check(g.get("scopeName") == "source.tco", "grammar: scopeName is not source.tco")
        snippets = [s for s in c.get("snippets", []) if s.get("language") == "tco"]
        check(snippets, "package.json: no snippets for tco")

    conf = load("language-configuration.json")
    if conf:
        check(conf.get("comments") == {"lineComment": "//", "blockComment": ["/*", "*/"]},
              "language-configuration.json: comments are not // and /* */")
        check(sorted(map(tuple, conf.get("brackets", []))) == [("(", ")"), ("[", "]"), ("{", "}")],
              "language-configuration.json: brackets")
        opens = {p.get("open") for p in conf.get("autoClosingPairs", [])}
        check({"{", "[", "(", '"'} <= opens, "language-configuration.json: auto-closing pairs")

    generated = subprocess.run([sys.executable, os.path.join(EXT, "build-grammar.py"), "--check"],
                               capture_output=True, text=True)
    check(generated.returncode == 0, "grammar: " + generated.stderr.strip())

    snips = load("snippets/tco.json")
    if snips:
        names = {s.lower() for s in snips}
        for want in ("workload", "serve() scenario", "sweep"):
            check(want in names, f"snippets: no {want} snippet")
        plan = "\n".join(expand(s["body"]) for s in snips.values())
        for want in ("Workload {", "tpot_slo =", "ttft_slo =", "serve(Llama3_70B, H100_SXM, FP8",
                     "gpus = 8", "report \"", "over gpu in [", "geometric 2", "where ",
                     "best min ", " by ", "show "):
            check(want in plan, f"snippets: expanded plan lacks {want!r}")
        if len(sys.argv) > 1:
            with tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "snippets.tco")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(plan)
                r = subprocess.run([sys.argv[1], "check", path], capture_output=True, text=True)
                check(r.returncode == 0,
                      f"snippets: `tcoc check` exits {r.returncode} on the expanded snippets:\n"
                      + r.stdout + r.stderr + "\n--- the plan:\n" + plan)

    for f in failures:
        print("FAIL:", f)
    if not failures:
        print("vscode package: manifest, language configuration, generated grammar and snippets ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
