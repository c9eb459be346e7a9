#!/usr/bin/env python3
"""ctest editors/words: every word list kept outside the compiler agrees with the compiler's
own, both ways (a word missing from a list and a word the compiler does not know both fail).

  keywords   compiler/syntax/keywords.def  vs  grammar/Tco.g4 (its `WORD : 'word' ;` tokens),
             the Vim syntax (s:keywords, and min/max), the Emacs mode (tco--reserved)
  builtins   compiler/sema/builtins.def    vs  the Vim syntax (s:builtins, and min/max),
             the Emacs mode (tco--builtins)

The VS Code grammar reads both .def files itself (editors/vscode/build-grammar.py); that its
JSON is what they give now is editors/vscode-package's check.

Usage: check_words.py REPO [EMACS]   (Emacs evaluates the mode's lists; without it, they are
read from the source, which the mode's own test (editors/emacs) byte-compiles anyway.)
"""
import os
import re
import subprocess
import sys

repo = sys.argv[1]
emacs = sys.argv[2] if len(sys.argv) > 2 else "emacs"


def read(path):
    with open(os.path.join(repo, path), encoding="utf-8") as f:
        return f.read()


def def_names(path, macro):
    return [m.group(1) for m in re.finditer(r"^" + macro + r"\(\w+,\s*\"([^\"]*)\"", read(path), re.M)]


keywords = set(def_names("compiler/syntax/keywords.def", "KEYWORD"))
builtins = set(def_names("compiler/sema/builtins.def", "BUILTIN"))
failures = []


def compare(what, theirs, ours, source):
    for w in sorted(ours - theirs):
        failures.append(f"{source}: {what} `{w}` is missing")
    for w in sorted(theirs - ours):
        failures.append(f"{source}: `{w}` is not a {what} of the compiler")


# The grammar: a lexer rule whose whole body is one lower-case word.
grammar = set(re.findall(r"^[A-Z_]+\s*:\s*'([a-z]+)'\s*;", read("grammar/Tco.g4"), re.M))
compare("keyword", grammar, keywords, "grammar/Tco.g4")


# Vim: `let s:NAME = '...' \ . '...'` with `\|` between the words.
def vim_words(text, name):
    m = re.search(r"^let s:" + name + r" = (.*?)\n(?!\s*\\)", text, re.M | re.S)
    if not m:
        failures.append(f"editors/vim/syntax/tco.vim: no s:{name}")
        return set()
    return set("".join(re.findall(r"'([^']*)'", m.group(1))).split("\\|"))


vim = read("editors/vim/syntax/tco.vim")
# min and max are keywords and builtins, coloured by their own rules.
min_max_keywords = "s:keywords . '\\|min\\|max" in vim
min_max_builtins = 'syn match tcoBuiltin "\\<\\%(min\\|max\\)\\ze\\s*("' in vim
compare("keyword", vim_words(vim, "keywords") | ({"min", "max"} if min_max_keywords else set()), keywords,
        "editors/vim/syntax/tco.vim (s:keywords)")
compare("builtin", (vim_words(vim, "builtins") - {"p[1-9]\\d\\="}) | ({"min", "max"} if min_max_builtins else set()),
        builtins, "editors/vim/syntax/tco.vim (s:builtins)")


# Emacs: the lists as the mode evaluates them.
def emacs_list(name):
    mode = os.path.join(repo, "editors/emacs/tco-mode.el")
    try:
        out = subprocess.run([emacs, "--batch", "-Q", "-l", mode, "--eval",
                              f"(princ (mapconcat #'identity {name} \" \"))"],
                             capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        print("SKIPPED: no emacs (scripts/install-deps installs emacs-nox)")
        sys.exit(77)
    if out.returncode != 0:
        failures.append(f"editors/emacs/tco-mode.el: cannot evaluate {name}: {out.stderr.strip()}")
        return set()
    return set(out.stdout.split())


compare("keyword", emacs_list("tco--reserved"), keywords, "editors/emacs/tco-mode.el (tco--reserved)")
compare("builtin", emacs_list("tco--builtins"), builtins, "editors/emacs/tco-mode.el (tco--builtins)")

for f in failures:
    print("FAIL:", f)
print(f"{len(keywords)} keywords and {len(builtins)} builtins: grammar, Vim and Emacs agree"
      if not failures else f"{len(failures)} disagreements")
sys.exit(1 if failures else 0)
