#!/usr/bin/env python3
"""Writes syntaxes/tco.tmLanguage.json, the TextMate grammar of .tco (scope source.tco).

The grammar's regexes share pieces (a number, a unit factor, a type expression), so they
are assembled here rather than written out by hand in JSON. Edit this file, then run

    python3 editors/vscode/build-grammar.py           # rewrite the JSON
    python3 editors/vscode/build-grammar.py --check   # exit 1 if the JSON is stale

The tests (tests/editors/*.test.tco, run by ctest as editors/textmate) check the scopes.

The lexical rules follow grammar/Tco.g4 and compiler/syntax/parse.cpp (mark_literal_units):
a unit is what follows a number literal on the same line, juxtaposed (`80 GB`, `60%`) or
after `/` (`3.35 TB/s`, `$0.08/kWh`), and is not a name followed by `.`, `(` or `{`; the
keywords other than `min` and `max` are never units. A count suffix (`5M`, `100k`, `2G`,
`1.5T`) touching the digits is part of the number.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "syntaxes", "tco.tmLanguage.json")

# ---- words: the compiler's own lists (compiler/syntax/keywords.def, compiler/sema/builtins.def)

REPO = os.path.dirname(os.path.dirname(HERE))


def def_rows(path, macro):
    """The string columns of each `MACRO(...)` row of one of the compiler's .def files."""
    rows = []
    with open(os.path.join(REPO, path), encoding="utf-8") as f:
        for line in f:
            m = re.match(macro + r"\((\w+),\s*\"([^\"]*)\",\s*(\w+)", line)
            if m:
                rows.append(m.groups())
    return rows


KEYWORD_ROWS = def_rows("compiler/syntax/keywords.def", "KEYWORD")  # (TOKEN, word, group)


def group(name):
    return [w for _, w, g in KEYWORD_ROWS if g == name]


DECLARATION = group("Declaration")
ITEM = group("Item")
STUDY = group("Study")
CONDITIONAL = group("Conditional")
WORD_OPERATORS = group("WordOperator")
# Every keyword token; all but `min` and `max` can never be a unit.
KEYWORDS = [w for _, w, _ in KEYWORD_ROWS]
NOT_UNITS = [k for k in KEYWORDS if k not in ("min", "max")]

BUILTINS = list(dict.fromkeys(name for _, name, _ in def_rows("compiler/sema/builtins.def", "BUILTIN")))
PRIMITIVE_TYPES = ["Number", "Text", "Bool", "Dimensionless"]


def words(ws):
    return "(?:" + "|".join(sorted(ws, key=lambda w: (-len(w), w))) + ")"


# ---- shared regex pieces -----------------------------------------------------------------

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
DIGITS = r"[0-9](?:_?[0-9])*"
NUMBER = DIGITS + r"(?:\." + DIGITS + r")?(?:[eE][+-]?" + DIGITS + r")?"
# `5M`: a count suffix touching the digits, not the start of a longer name, not powered.
SUFFIX = r"(?:[kMGT]\b(?!\^))?"
COUNT = NUMBER + SUFFIX
NOT_AFTER_WORD = r"(?<![A-Za-z0-9_])"
KW_START = r"(?<![.A-Za-z0-9_])"      # a keyword is never a field (`x.type`)
# A name that is a value being used (`gpu.name`, `f(x)`, `R { .. }`) is never a unit; `..`
# (a range) is no field access.
NOT_ACCESS = r"(?![ \t]*(?:\.(?!\.)|\(|\{))"
POWER = r"(?:\^-?" + NUMBER + r")?"
# A unit atom: a name that is not a keyword (min/max are: minutes), `$` not starting a
# money literal, or `%`.
UNIT_ATOM = (r"(?:\$(?![ \t]*[0-9])|%|(?!" + words(NOT_UNITS) + r"\b)" + IDENT + r"\b"
             + NOT_ACCESS + ")")
FACTOR = UNIT_ATOM + POWER
SLASH = r"[ \t]*/(?![/*])[ \t]*"     # a unit's `/`, never a comment's
JUXT = r"[ \t]*"
# What may follow a first factor (or the `$` number of a money literal).
TAIL = r"(?:" + JUXT + FACTOR + "|" + SLASH + FACTOR + ")*"
# After `->`: a product of units (`$/Mtok`, `1/s`, `kW*h`); `$` is the dollar unit here.
TARGET_ATOM = (r"(?:\$|%|(?!" + words(NOT_UNITS) + r"\b)" + IDENT + r"\b)" + POWER)
TARGET = (r"(?:" + NUMBER + "|" + TARGET_ATOM + r")(?:[ \t]*[*/](?![/*])[ \t]*"
          + TARGET_ATOM + "|" + JUXT + TARGET_ATOM + ")*")
# A type (a product of dimension or record names): `Data`, `Money/Time/Device`, `Gpu`.
TYPE_ATOM = r"(?:" + IDENT + "|" + NUMBER + r")(?:\^-?" + NUMBER + ")?"
TYPE = TYPE_ATOM + r"(?:[ \t]*[*/](?![/*])[ \t]*" + TYPE_ATOM + ")*"


def typed_name(name_scope):
    """`name: Type` in a record type's fields and a function's parameters."""
    return {"match": r"\b(" + IDENT + r")[ \t]*(:)[ \t]*(" + TYPE + ")",
            "captures": {"1": scope(name_scope),
                         "2": scope("punctuation.separator.colon"),
                         "3": {"patterns": [{"include": "#type-expression"}]}}}


def scope(name):
    return {"name": name + ".tco"}


# ---- the grammar ---------------------------------------------------------------------------

repository = {
    "comments": {"patterns": [
        {"name": "comment.block.tco", "begin": r"/\*", "end": r"\*/",
         "beginCaptures": {"0": scope("punctuation.definition.comment.begin")},
         "endCaptures": {"0": scope("punctuation.definition.comment.end")}},
        {"name": "comment.line.double-slash.tco", "begin": "//", "end": "$",
         "beginCaptures": {"0": scope("punctuation.definition.comment")}},
    ]},
    "strings": {"patterns": [
        {"name": "string.quoted.double.tco", "begin": '"', "end": r'"|$',
         "beginCaptures": {"0": scope("punctuation.definition.string.begin")},
         "endCaptures": {"0": scope("punctuation.definition.string.end")},
         "patterns": [
             {"name": "constant.character.escape.tco", "match": r'\\["\\nt]'},
             {"name": "invalid.illegal.escape.tco", "match": r"\\."},
         ]},
    ]},
    "attribute": {
        # @prefixes(si, binary)
        "name": "meta.attribute.tco",
        "match": r"(@" + IDENT + r")(?:[ \t]*(\()([^)]*)(\)))?",
        "captures": {
            "1": scope("entity.other.attribute-name"),
            "2": scope("punctuation.section.parens.begin"),
            "3": {"patterns": [
                {"name": "variable.parameter.attribute.tco", "match": IDENT},
                {"name": "punctuation.separator.comma.tco", "match": ","},
            ]},
            "4": scope("punctuation.section.parens.end"),
        },
    },
    "type-expression": {"patterns": [
        {"name": "support.type.primitive.tco", "match": r"\b" + words(PRIMITIVE_TYPES) + r"\b"},
        {"name": "entity.name.type.tco", "match": IDENT},
        {"name": "constant.numeric.tco", "match": NUMBER},
        {"name": "keyword.operator.arithmetic.tco", "match": r"[*/^-]"},
    ]},
    "declarations": {"patterns": [
        {"match": KW_START + r"(import)[ \t]+(" + IDENT + ")",
         "captures": {"1": scope("keyword.control.import"),
                      "2": scope("entity.name.namespace")}},
        {"match": KW_START + r"(dimension)[ \t]+(" + IDENT + r")(?:[ \t]*(=)[ \t]*(" + TYPE + "))?",
         "captures": {"1": scope("storage.type.dimension"),
                      "2": scope("entity.name.type"),
                      "3": scope("keyword.operator.assignment"),
                      "4": {"patterns": [{"include": "#type-expression"}]}}},
        {"include": "#unit-declaration"},
        {"include": "#type-declaration"},
        {"include": "#function-declaration"},
        {"match": KW_START + r"(let)[ \t]+(" + IDENT + r")(?:[ \t]*(:)[ \t]*(" + TYPE + "))?",
         "captures": {"1": scope("storage.type.let"),
                      "2": scope("variable.other.definition"),
                      "3": scope("punctuation.separator.colon"),
                      "4": {"patterns": [{"include": "#type-expression"}]}}},
    ]},
    # `unit gpu: Device`, `unit rack = 72 gpu`, `unit month = yr / 12`: up to the line's end,
    # every name is a unit.
    "unit-declaration": {
        "begin": KW_START + r"(unit)[ \t]+(" + IDENT + r"|\$|%)",
        "beginCaptures": {"1": scope("storage.type.unit"), "2": scope("keyword.other.unit")},
        "end": "$",
        "patterns": [
            {"include": "#comments"},
            {"match": r"(:)[ \t]*(" + TYPE + ")",
             "captures": {"1": scope("punctuation.separator.colon"),
                          "2": {"patterns": [{"include": "#type-expression"}]}}},
            {"include": "#literals"},
            {"name": "keyword.other.unit.tco", "match": IDENT + r"|\$|%"},
            {"include": "#operators"},
        ],
    },
    # `type Server { name: Text  power: Power = 10 kW }`
    "type-declaration": {
        "begin": KW_START + r"(type)[ \t]+(" + IDENT + ")",
        "beginCaptures": {"1": scope("storage.type.type"), "2": scope("entity.name.type")},
        "end": r"(?<=\})",
        "patterns": [
            {"include": "#comments"},
            {"begin": r"\{", "end": r"\}",
             "beginCaptures": {"0": scope("punctuation.section.block.begin")},
             "endCaptures": {"0": scope("punctuation.section.block.end")},
             "patterns": [
                 {"include": "#comments"},
                 typed_name("variable.other.property"),
                 {"include": "#braces"},
                 {"include": "$self"},
             ]},
        ],
    },
    # `fn per_gpu(s: Server, util: Number = 100%) -> Money/Time = ...`: up to the body's
    # `=` or `{`.
    "function-declaration": {
        "begin": KW_START + r"(fn)[ \t]+(" + IDENT + ")",
        "beginCaptures": {"1": scope("storage.type.fn"), "2": scope("entity.name.function")},
        "end": r"(?=[={])",
        "patterns": [
            {"include": "#comments"},
            {"begin": r"\(", "end": r"\)",
             "beginCaptures": {"0": scope("punctuation.section.parens.begin")},
             "endCaptures": {"0": scope("punctuation.section.parens.end")},
             "patterns": [
                 {"include": "#comments"},
                 typed_name("variable.parameter"),
                 {"include": "#parens"},
                 {"include": "$self"},
             ]},
            {"match": r"(->)[ \t]*(" + TYPE + ")",
             "captures": {"1": scope("keyword.operator.arrow"),
                          "2": {"patterns": [{"include": "#type-expression"}]}}},
        ],
    },
    "braces": {
        "begin": r"\{", "end": r"\}",
        "beginCaptures": {"0": scope("punctuation.section.block.begin")},
        "endCaptures": {"0": scope("punctuation.section.block.end")},
        "patterns": [{"include": "#braces"}, {"include": "$self"}],
    },
    "parens": {
        "begin": r"\(", "end": r"\)",
        "beginCaptures": {"0": scope("punctuation.section.parens.begin")},
        "endCaptures": {"0": scope("punctuation.section.parens.end")},
        "patterns": [{"include": "#parens"}, {"include": "$self"}],
    },
    "literals": {"patterns": [
        # $2.49/hr, $200k/month: `$` and the number, then the unit
        {"match": r"(\$[ \t]*" + COUNT + r")(" + TAIL + ")",
         "captures": {"1": scope("constant.numeric.money"),
                      "2": {"patterns": [{"include": "#unit-text"}]}}},
        # 80 GB, 3.35 TB/s, 5M req/month, 60%
        {"match": NOT_AFTER_WORD + "(" + COUNT + r")(?:(" + JUXT + FACTOR + TAIL + "))?",
         "captures": {"1": scope("constant.numeric"),
                      "2": {"patterns": [{"include": "#unit-text"}]}}},
    ]},
    # The unit part of a literal or a conversion target: one scope from its first to its
    # last character (`TB/s`, `req/month`, `$/hr/gpu`).
    "unit-text": {"patterns": [
        {"name": "keyword.other.unit.tco", "match": r"\S(?:.*\S)?"},
    ]},
    "conversion": {
        # x -> $/Mtok
        "match": r"(->)(?:[ \t]*(" + TARGET + "))?",
        "captures": {"1": scope("keyword.operator.conversion"),
                     "2": {"patterns": [{"include": "#unit-text"}]}},
    },
    "names": {"patterns": [
        # s.cost_per_mtok: any name after `.`, keywords too (`x.type`)
        {"match": r"(?<!\.)(\.)(?!\.)[ \t]*(" + IDENT + ")",
         "captures": {"1": scope("punctuation.accessor"), "2": scope("variable.other.property")}},
        # field initialisers and named arguments: `gpus = 8`, `unit = 1`
        {"match": r"\b(" + IDENT + r")[ \t]*(=)(?!=)",
         "captures": {"1": scope("variable.other.property"),
                      "2": scope("keyword.operator.assignment")}},
        # labels in reports and `show`: `per_gpu: ...`
        {"match": r"\b(" + IDENT + r")[ \t]*(:)",
         "captures": {"1": scope("entity.name.label"), "2": scope("punctuation.separator.colon")}},
        # sweep axes: `over gpu in [...]`
        {"match": r"\b(?!" + words(KEYWORDS) + r"\b)(" + IDENT + r")[ \t]+(in)\b",
         "captures": {"1": scope("variable.other.definition"),
                      "2": scope("keyword.control.study")}},
        # calls: builtins, then any name
        {"match": KW_START + r"(" + words(BUILTINS) + r"|p[1-9][0-9]?)\b(?=[ \t]*\()",
         "captures": {"1": scope("support.function.builtin")}},
        {"match": r"\b(?!" + words(KEYWORDS) + r"\b)(" + IDENT + r")\b(?=[ \t]*\()",
         "captures": {"1": scope("entity.name.function.call")}},
        # record literals: `Workload { ... }`, `OnPrem {}`
        {"match": r"\b(?!" + words(KEYWORDS) + r"\b)(" + IDENT + r")\b(?=[ \t]*\{)",
         "captures": {"1": scope("entity.name.type")}},
    ]},
    "constants": {"patterns": [
        {"name": "constant.language.boolean.tco", "match": KW_START + r"(?:true|false)\b"},
        {"name": "constant.language.none.tco", "match": KW_START + r"none\b"},
        {"name": "constant.language.auto.tco", "match": KW_START + r"auto\b"},
    ]},
    "keywords": {"patterns": [
        {"name": "keyword.control.import.tco", "match": KW_START + r"import\b"},
        {"match": KW_START + "(" + words(DECLARATION) + r")\b",
         "captures": {"1": {"patterns": [
             {"name": "storage.type.fn.tco", "match": "fn"},
             {"name": "storage.type.let.tco", "match": "let"},
             {"name": "storage.type.type.tco", "match": "type"},
             {"name": "storage.type.dimension.tco", "match": "dimension"},
             {"name": "storage.type.unit.tco", "match": "unit"},
         ]}}},
        {"name": "keyword.control.tco", "match": KW_START + words(ITEM) + r"\b"},
        {"name": "keyword.control.study.tco", "match": KW_START + words(STUDY) + r"\b"},
        {"name": "keyword.control.conditional.tco", "match": KW_START + words(CONDITIONAL) + r"\b"},
        {"name": "keyword.operator.word.tco", "match": KW_START + words(WORD_OPERATORS) + r"\b"},
    ]},
    "operators": {"patterns": [
        {"name": "keyword.operator.range.tco", "match": r"\.\."},
        {"name": "keyword.operator.comparison.tco", "match": r"==|!=|<=|>=|<|>"},
        {"name": "keyword.operator.logical.tco", "match": r"&&|\|\||!"},
        {"name": "keyword.operator.assignment.tco", "match": r"="},
        {"name": "keyword.operator.arithmetic.tco", "match": r"[-+*/^]"},
        {"name": "punctuation.separator.comma.tco", "match": ","},
        {"name": "punctuation.separator.colon.tco", "match": ":"},
        {"name": "punctuation.accessor.tco", "match": r"\."},
        {"name": "punctuation.section.parens.begin.tco", "match": r"\("},
        {"name": "punctuation.section.parens.end.tco", "match": r"\)"},
        {"name": "punctuation.section.brackets.begin.tco", "match": r"\["},
        {"name": "punctuation.section.brackets.end.tco", "match": r"\]"},
        {"name": "punctuation.section.block.begin.tco", "match": r"\{"},
        {"name": "punctuation.section.block.end.tco", "match": r"\}"},
    ]},
    "identifiers": {"name": "variable.other.tco", "match": IDENT},
}

grammar = {
    "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
    "name": "tco",
    "scopeName": "source.tco",
    "fileTypes": ["tco"],
    "comment": "Generated by editors/vscode/build-grammar.py: edit that file, not this one.",
    "patterns": [
        {"include": "#comments"},
        {"include": "#strings"},
        {"include": "#attribute"},
        {"include": "#declarations"},
        {"include": "#literals"},
        {"include": "#conversion"},
        {"include": "#names"},
        {"include": "#constants"},
        {"include": "#keywords"},
        {"include": "#operators"},
        {"include": "#identifiers"},
    ],
    "repository": repository,
}


def main():
    text = json.dumps(grammar, indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print(f"{OUT} is stale: run python3 editors/vscode/build-grammar.py", file=sys.stderr)
                return 1
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
