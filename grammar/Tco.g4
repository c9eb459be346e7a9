// The .tco language: lexer and parser in one grammar.
//
// Generated with: antlr4 -Dlanguage=Cpp -no-listener -no-visitor -package tco_gen
// compiler/syntax/build.cpp turns the parse tree into the AST of compiler/syntax/ast.h;
// nothing outside compiler/syntax sees these classes.
//
// Notes for readers:
// - Newlines are skipped like any whitespace. The one place they matter is unit
//   juxtaposition: a unit factor written after a number (or after another factor)
//   must start on the same line (`sameLine()`), so that `requests = 5M req/month`
//   NEWLINE `input = 800 tok/req` is two fields, not one.
// - Count suffixes (`5M`, `100k`, `2G`, `3T`) are NOT lexed here: `5M` is NUMBER IDENT and
//   the builder folds the factor into the number when it touches the digits.
// - Error tokens (UNTERMINATED_STRING, UNTERMINATED_COMMENT, BAD_NUMBER, ERROR_CHAR)
//   are reported by compiler/syntax/parse.cpp before the parser runs.
grammar Tco;

// Never lexed: parse.cpp inserts or retypes them (see fnBody and litTail).
tokens { BODY_RESULT, USLASH, UCARET }

@parser::members {
  // True when the next token starts on the line the previous token is on.
  bool sameLine() {
    antlr4::Token* prev = _input->LT(-1);
    antlr4::Token* next = _input->LT(1);
    return prev != nullptr && next != nullptr && prev->getLine() == next->getLine();
  }
  // A unit factor may follow: on the same line, and not a name being used as a value
  // (`5 GB / gpu.bandwidth`, `2 f(x)`, `2 R { x = 1 }`), which `.`, `(` or `{` after it shows.
  bool unitAhead() {
    size_t after = _input->LA(2);
    return sameLine() && after != DOT && after != LPAREN && after != LBRACE;
  }
}

// ---------------------------------------------------------------- items

module : item* EOF ;

item
  : IMPORT IDENT                                                      # importItem
  | DIMENSION IDENT (ASSIGN product)?                                 # dimensionItem
  | decorator* UNIT unitName (COLON product | ASSIGN expr)            # unitItem
  | TYPE IDENT LBRACE (fieldDecl COMMA?)* RBRACE                      # typeItem
  | letDecl                                                           # letItem
  | FN ident LPAREN (param (COMMA param)* COMMA?)? RPAREN
      (ARROW typeExpr)? fnBody                                        # fnItem
  | REPORT STRING LBRACE (reportEntry COMMA?)* RBRACE                 # reportItem
  | SWEEP STRING LBRACE studyStmt* RBRACE                             # sweepItem
  | SIMULATE STRING LBRACE studyStmt* RBRACE                          # simulateItem
  | ASSERT expr (COMMA STRING)?                                       # assertItem
  ;

decorator : AT IDENT (LPAREN (IDENT (COMMA IDENT)* COMMA?)? RPAREN)? ;

unitName : IDENT | MIN | MAX | DOLLAR | PERCENT ;

fieldDecl : name COLON typeExpr (ASSIGN expr)? ;

param : ident COLON typeExpr (ASSIGN expr)? ;

// A bound study (`let pick = sweep "..." { ... }`) is a top-level item; the builder refuses
// one anywhere else. Parsed here so that `let x = ` decides on the next token alone.
letDecl : LET ident (COLON typeExpr)? ASSIGN (expr | boundStudy) ;

boundStudy : kind=(SWEEP | SIMULATE) STRING LBRACE studyStmt* RBRACE ;

// `{ let a = ...  let b = ...  result }`. Written plainly as `letDecl* expr`, every `+`
// or `-` in a `let` would be ambiguous (a binary operator, or the sign of the result
// expression?) and ANTLR would look ahead to the end of the body at each one. So
// parse.cpp marks where the result starts: the first line, after the last `let`, that
// begins with a token which can start an expression but cannot continue one. A line
// starting with `-`, `+` or `(` continues the line before it.
fnBody
  : ASSIGN expr                                    # exprBody
  | LBRACE (letDecl+ BODY_RESULT)? expr RBRACE     # blockBody
  ;

typeExpr : product ;

reportEntry : label COLON expr ;

label : name | STRING ;

// ---------------------------------------------------------------- studies

studyStmt
  : OVER axis (COMMA axis)*                         # overStmt
  | SAMPLES expr (SEED expr)?                       # samplesStmt
  | letDecl                                         # letStmt
  | WHERE expr                                      # whereStmt
  | BEST direction expr (BY expr (COMMA expr)*)?    # bestStmt
  | TOP expr BY direction expr                      # topStmt
  | PARETO objective (COMMA objective)*             # paretoStmt
  | SHOW showItem (COMMA showItem)*                 # showStmt
  ;

axis : ident IN axisValues ;

axisValues
  : expr DOTDOT expr ((STEP | GEOMETRIC) expr)?     # rangeValues
  | expr                                            # exprValues
  ;

direction : MIN | MAX ;

objective : direction expr ;

showItem : (label COLON)? expr ;

// ---------------------------------------------------------------- expressions

// `->` converts a whole expression and nothing continues it (`a + b -> $/hr`); keeping it
// out of opExpr means a `/` after a target unit can only be part of the unit.
expr : opExpr (ARROW product)* ;

// Earlier alternatives bind tighter (ANTLR's rule for left-recursive rules). `if` and the
// bounded searches are the loosest: an `else` branch or a search's condition extends as far
// as it can.
opExpr
  : opExpr DOT name                                   # fieldExpr
  | opExpr WITH LBRACE (fieldInit COMMA?)* RBRACE     # withExpr
  | <assoc=right> opExpr CARET opExpr                 # powExpr
  | op=(MINUS | PLUS) opExpr                          # negExpr
  | opExpr op=(STAR | SLASH) opExpr                   # mulExpr
  | opExpr op=(PLUS | MINUS) opExpr                   # addExpr
  | opExpr op=(LT | LE | GT | GE | EQ | NE) opExpr    # cmpExpr
  | op=(NOT | BANG) opExpr                            # notExpr
  | opExpr op=(AND | AMPAMP) opExpr                   # andExpr
  | opExpr op=(OR | PIPEPIPE) opExpr                  # orExpr
  | IF expr THEN expr ELSE opExpr                     # ifExpr
  | dir=(LARGEST | SMALLEST) ident IN searchRange WHERE opExpr  # searchExpr
  | primary                                           # primaryExpr
  ;

// The values a bounded search tries: as a sweep's range (`step` defaults to 1).
searchRange : expr DOTDOT expr ((STEP | GEOMETRIC) expr)? ;

primary
  : NUMBER ({unitAhead()}? litFactor litTail)?                        # numberLit
  | DOLLAR NUMBER litTail                                             # moneyLit
  | STRING                                                            # stringLit
  | (TRUE | FALSE)                                                    # boolLit
  | fnName LPAREN (arg (COMMA arg)* COMMA?)? RPAREN                    # callExpr
  | IDENT LBRACE (fieldInit COMMA?)* RBRACE                           # recordLit
  | ident                                                             # nameExpr
  | LPAREN expr RPAREN                                                # parenExpr
  | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK                        # listExpr
  ;

fnName : ident | MIN | MAX ;

arg : (name ASSIGN)? expr ;

fieldInit : name ASSIGN expr ;

// ---------------------------------------------------------------- units
// In a literal only juxtaposition and `/` appear (`*` multiplies: `5 GB * 2`). Whether a
// `/` or `^` after a literal's unit belongs to the unit is decided before parsing, by
// parse.cpp, which retypes those tokens USLASH and UCARET: `/` followed by a unit name
// (`5 GB/s`, `$2.49/hr`, even `5 GB / x`) and `^` followed by an integer (`5 m^2`). So
// `50 GB / 2 s` is a division, and the parser needs no lookahead to tell.
litTail : ({unitAhead()}? litFactor | USLASH litFactor)* ;

litFactor : unitAtom (UCARET MINUS? NUMBER)? ;

// After `->`, in types and in dimension definitions `*` is allowed too, and a leading
// `1` (`1/s`).
product : (unitFactor | NUMBER) ({sameLine()}? unitFactor | (STAR | SLASH | USLASH) unitFactor)* ;

unitFactor : unitAtom ((CARET | UCARET) MINUS? NUMBER)? ;

unitAtom : IDENT | MIN | MAX | DOLLAR | PERCENT ;

// Names of values, parameters, functions and axes. The keywords of sweeps, simulations and
// bounded searches mean something only where their statement, clause or expression begins,
// and cannot continue an expression, so they double as names: `let step = 20 ms`,
// `let seed = 7`, `let largest = 3`.
ident : IDENT | STEP | GEOMETRIC | SEED | SAMPLES | TOP | BEST | BY | PARETO | SHOW | OVER | WHERE
      | LARGEST | SMALLEST ;

// Field names, named arguments, labels: every keyword that cannot continue an
// expression is accepted there too (`x.type`, `Foo { unit = 1 }`, `min: ...`).
name
  : ident | MIN | MAX | IN | IMPORT | DIMENSION | UNIT | TYPE | REPORT | SWEEP
  | SIMULATE | FN | LET | ASSERT
  ;

// ---------------------------------------------------------------- lexer

IMPORT    : 'import' ;
DIMENSION : 'dimension' ;
UNIT      : 'unit' ;
TYPE      : 'type' ;
LET       : 'let' ;
FN        : 'fn' ;
REPORT    : 'report' ;
SWEEP     : 'sweep' ;
SIMULATE  : 'simulate' ;
ASSERT    : 'assert' ;
OVER      : 'over' ;
IN        : 'in' ;
WHERE     : 'where' ;
BEST      : 'best' ;
TOP       : 'top' ;
BY        : 'by' ;
PARETO    : 'pareto' ;
SHOW      : 'show' ;
SAMPLES   : 'samples' ;
SEED      : 'seed' ;
IF        : 'if' ;
THEN      : 'then' ;
ELSE      : 'else' ;
WITH      : 'with' ;
AND       : 'and' ;
OR        : 'or' ;
NOT       : 'not' ;
TRUE      : 'true' ;
FALSE     : 'false' ;
STEP      : 'step' ;
GEOMETRIC : 'geometric' ;
MIN       : 'min' ;
MAX       : 'max' ;
LARGEST   : 'largest' ;
SMALLEST  : 'smallest' ;

AMPAMP   : '&&' ;
PIPEPIPE : '||' ;
ARROW    : '->' ;
DOTDOT   : '..' ;
EQ       : '==' ;
NE       : '!=' ;
LE       : '<=' ;
GE       : '>=' ;
LT       : '<' ;
GT       : '>' ;
ASSIGN   : '=' ;
BANG     : '!' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
CARET    : '^' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACK   : '[' ;
RBRACK   : ']' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;
COLON    : ':' ;
DOT      : '.' ;
AT       : '@' ;
DOLLAR   : '$' ;
PERCENT  : '%' ;

// 1_000_000, 3.35, 2.5e-3. A fraction needs digits after the dot, so `1..5` is
// `1` `..` `5`.
NUMBER : DIGITS ('.' DIGITS)? ([eE] [+-]? DIGITS)? ;
// Anything number-like that NUMBER does not match in full (`1__000`, `1_`, `2.5_`):
// longer than the NUMBER prefix, so it wins and is reported as E0009.
BAD_NUMBER : [0-9] [0-9_]* ('.' [0-9_]+)? ([eE] [+-]? [0-9_]+)? ;
fragment DIGITS : [0-9] ('_'? [0-9])* ;

IDENT : [a-zA-Z_] [a-zA-Z0-9_]* ;

STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
// A string with no closing quote on its line: one character shorter than STRING
// would be when closed, so STRING wins whenever it can.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;

WS           : [ \t\r\n\f\u000B\uFEFF]+ -> skip ;
LINE_COMMENT : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
// Cannot contain `*/`, so it only wins when the comment is never closed.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* ;

ERROR_CHAR : . ;
