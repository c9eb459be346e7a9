" Vim indent file
" Language: tco (the plans of tcoc)
" Indents as `tcoc fmt` lays plans out: two spaces inside `{ }`, four inside a wrapped `( )`
" or `[ ]` list, two more for a statement's next line (after a line ending in `=`, an
" operator or `then`/`else`, or before a line starting with an operator or a search's
" `where`), a closing bracket
" at its opener's line's level. Strings and comments do not count. For the rest of the
" canonical layout (aligned `=`, spacing), format the buffer: :TcoFmt.

if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal indentexpr=TcoIndent(v:lnum)
setlocal indentkeys=0{,0},0),0],!^F,o,O,e
setlocal autoindent nosmartindent nocindent
let b:undo_indent = 'setlocal indentexpr< indentkeys< autoindent< smartindent< cindent<'

if exists('*TcoIndent')
  finish
endif

" A line without its strings and comments.
function! s:Code(lnum) abort
  let code = substitute(getline(a:lnum), '"\%(\\.\|[^"\\]\)*"', '""', 'g')
  let code = substitute(code, '/\*.\{-}\*/', '', 'g')
  return substitute(code, '\s*//.*$', '', '')
endfunction

" Whether the cursor is in a `//` comment or a string (for searchpairpos below).
function! TcoIndentSkip() abort
  let before = strpart(getline('.'), 0, col('.') - 1)
  " Closed strings go; what is left is in a comment or an open string.
  let before = substitute(before, '"\%(\\.\|[^"\\]\)*"', 's', 'g')
  return before =~# '//\|"'
endfunction

" The innermost bracket still open before line lnum: [line, bracket], or [0, ''].
" (searchpairpos does the scanning, in C: a plan of a thousand lines indents in a moment.)
function! s:Opener(lnum) abort
  call cursor(a:lnum, 1)
  " No bracket stays open across top-level statements: look no further back than the last
  " line that starts one.
  let stop = search('^\%(let\|fn\|type\|report\|sweep\|simulate\|assert\|import\|unit\|dimension\)\>', 'bnW')
  let [l, c] = searchpairpos('[({[]', '', '[)}\]]', 'bnW', 'TcoIndentSkip()', stop)
  return l > 0 ? [l, getline(l)[c - 1]] : [0, '']
endfunction

" The indent of the line where the statement holding line lnum's start begins: above any
" wrapped list that line continues (`fn f(a,` / `    b) -> T {` begins at `fn`).
function! s:ListStart(lnum) abort
  let l = a:lnum
  while 1
    let [o, b] = s:Opener(l)
    if o == 0 || b ==# '{'
      return l
    endif
    let l = o
  endwhile
endfunction

let s:continues = '\%(=\|->\|[-+*/^<>,]\|&&\|||\|\<and\|\<or\|\<not\|\<then\|\<else\)\s*$'
let s:operator_first = '^\s*\%(->\|[-+*^]\|/[/*]\@!\|&&\|||\|\<and\>\|\<or\>\|\<then\>\|\<else\>\)'

function! TcoIndent(lnum) abort
  let line = getline(a:lnum)
  let [oline, obracket] = s:Opener(a:lnum)
  " A closing bracket first: at its opener's line's level.
  if line =~# '^\s*[)}\]]'
    return oline > 0 ? indent(s:ListStart(oline)) : 0
  endif
  let base = oline == 0 ? 0 : indent(s:ListStart(oline)) + shiftwidth() * (obracket ==# '{' ? 1 : 2)
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return base
  endif
  " Inside a wrapped list every item line is at the list's level; inside a block (or at the
  " top) a statement's next line is two further in.
  if obracket !=# '{' && oline > 0
    return base
  endif
  let pcode = s:Code(prev)
  let continued = prev > oline && pcode =~# s:continues && pcode !~# '[({[]\s*$'
  " A search's `where` continues its line (`largest n in 1 .. cap` / `where ...`); a study's
  " `where` is a clause of its own.
  let search_where = line =~# '^\s*where\>' && pcode =~# '\<\%(largest\|smallest\)\>'
  return base + (continued || search_where || line =~# s:operator_first ? shiftwidth() : 0)
endfunction
