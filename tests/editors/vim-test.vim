" Checks editors/vim/syntax/tco.vim against the scope assertions of tests/editors/*.test.tco
" (the vscode-tmgrammar-test format, shared with the TextMate and Emacs tests): each
" TextMate scope below maps to a highlight group that must appear, at every asserted column,
" in the link chain (group -> linked group -> ...) of one of the syntax items there
" (synstack()); `- scope` assertions require that it appears in none. Scopes with no entry
" here are not checked.
"
"   vim -Nu NONE -i NONE -es --cmd 'set rtp^=editors/vim' --cmd 'filetype plugin on' \
"       --cmd 'syntax on' -S tests/editors/vim-test.vim -- tests/editors/*.test.tco
"
" (run-vim.sh does exactly that). Exits 0 when every assertion holds, 1 otherwise, and
" prints one line per failure.

" TextMate scope prefix -> highlight groups, the first matching prefix wins: a syntax item
" at the column must link (maybe through other groups) to all of them; for `- scope`, no
" item may link to the first.
let s:scope_groups = [
      \ ['comment.', ['Comment']],
      \ ['punctuation.definition.comment', ['Comment']],
      \ ['string.', ['String']],
      \ ['punctuation.definition.string', ['String']],
      \ ['constant.character.escape', ['tcoEscape', 'SpecialChar']],
      \ ['keyword.control.import', ['tcoInclude', 'Include']],
      \ ['storage.type', ['tcoDeclaration', 'Keyword']],
      \ ['keyword.control', ['Statement']],
      \ ['keyword.operator.word', ['tcoWordOperator', 'Operator']],
      \ ['keyword.operator.conversion', ['tcoConversion', 'Operator']],
      \ ['keyword.operator', ['Operator']],
      \ ['keyword.other.unit', ['tcoUnit', 'Special']],
      \ ['constant.numeric.money', ['tcoMoney', 'Number']],
      \ ['constant.numeric', ['Number']],
      \ ['entity.name.type', ['Type']],
      \ ['support.type', ['Type']],
      \ ['entity.name.function', ['Function']],
      \ ['support.function', ['tcoBuiltin', 'Function']],
      \ ['constant.language.boolean', ['Boolean']],
      \ ['constant.language', ['tcoConstant', 'Constant']],
      \ ['entity.other.attribute-name', ['tcoAttribute', 'PreProc']],
      \ ['variable.parameter.attribute', ['tcoAttributeArg', 'PreProc']],
      \ ['variable.parameter', ['tcoDefinition', 'Identifier']],
      \ ['variable.other.definition', ['tcoDefinition', 'Identifier']],
      \ ['entity.name.label', ['tcoLabel', 'Identifier']],
      \ ]

function! s:groups_of(scope) abort
  for [prefix, groups] in s:scope_groups
    if stridx(a:scope, prefix) == 0
      return groups
    endif
  endfor
  return []
endfunction

" The groups reached from one syntax item, following links.
function! s:chain(id) abort
  let names = []
  let name = synIDattr(a:id, 'name')
  while name !=# '' && len(names) < 10
    call add(names, name)
    let info = hlget(name)
    let name = empty(info) ? '' : get(info[0], 'linksto', '')
  endwhile
  return names
endfunction

" The link chains of the syntax items at (lnum, col).
function! s:chains_at(lnum, col) abort
  return map(synstack(a:lnum, a:col), 's:chain(v:val)')
endfunction

function! s:show(chains) abort
  return join(map(copy(a:chains), 'join(v:val, ">")'), ' ')
endfunction

" The assertions of the current buffer: [lnum of the source line, from, to, required, excluded].
function! s:assertions() abort
  let result = []
  let header = getline(1)
  if header !~# '^// SYNTAX TEST "source\.tco"'
    throw 'not a syntax test: ' . header
  endif
  let source = 0
  for lnum in range(2, line('$'))
    let line = getline(lnum)
    let rest = line[2:]
    if line !~# '^//' || rest !~# '^\s*\(\^\|<\~*-\+\)'
      let source = lnum
      continue
    endif
    let ranges = []
    if rest =~# '^\s*\^'
      let words_at = matchend(rest, '^\s*\%(\^\+\s*\)\+')
      let start = 0
      while 1
        let s = match(rest, '\^\+', start)
        if s < 0 || s >= words_at
          break
        endif
        let e = matchend(rest, '\^\+', s)
        call add(ranges, [s + 2, e + 2])
        let start = e
      endwhile
      let text = rest[words_at :]
    else
      let m = matchlist(rest, '^\s*<\(\~*\)\(-\+\)\(.*\)$')
      call add(ranges, [len(m[1]), len(m[1]) + len(m[2])])
      let text = m[3]
    endif
    let parts = split(text, '\s*\%(^\|\s\)-\%(\s\|$\)\s*', 1)
    let required = split(get(parts, 0, ''))
    let excluded = split(get(parts, 1, ''))
    for [from, to] in ranges
      call add(result, [source, from, to, required, excluded, lnum])
    endfor
  endfor
  return result
endfunction

function! s:check_buffer() abort
  let failures = []
  let checked = 0
  for [lnum, from, to, required, excluded, alnum] in s:assertions()
    for col in range(from + 1, to)
      let chains = s:chains_at(lnum, col)
      for scope in required
        let groups = s:groups_of(scope)
        if empty(groups)
          continue
        endif
        let checked += 1
        if empty(filter(copy(chains), {_, c -> empty(filter(copy(groups), {_, g -> index(c, g) < 0}))}))
          call add(failures, printf('%s:%d:%d: expected %s (for %s), got [%s]  (assertion line %d)',
                \ expand('%'), lnum, col, join(groups, '>'), scope, s:show(chains), alnum))
        endif
      endfor
      for scope in excluded
        let groups = s:groups_of(scope)
        if empty(groups)
          continue
        endif
        let checked += 1
        if !empty(filter(copy(chains), {_, c -> index(c, groups[0]) >= 0}))
          call add(failures, printf('%s:%d:%d: unexpected %s (for - %s), got [%s]  (assertion line %d)',
                \ expand('%'), lnum, col, groups[0], scope, s:show(chains), alnum))
        endif
      endfor
    endfor
  endfor
  return [failures, checked]
endfunction

let s:failures = []
let s:checked = 0
let s:files = argv()
try
  if empty(s:files)
    throw 'no test files given'
  endif
  for s:file in s:files
    execute 'silent edit ' . fnameescape(s:file)
    if &filetype !=# 'tco' || get(b:, 'current_syntax', '') !=# 'tco'
      call add(s:failures, s:file . ': filetype or syntax not set to tco (ftdetect/syntax not loaded?)')
      continue
    endif
    if &commentstring !=# '// %s'
      call add(s:failures, s:file . ': ftplugin: commentstring is ' . string(&commentstring))
    endif
    let [s:f, s:n] = s:check_buffer()
    let s:failures += s:f
    let s:checked += s:n
  endfor
catch
  call add(s:failures, 'error: ' . v:exception . ' at ' . v:throwpoint)
endtry

if empty(s:failures) && s:checked == 0
  call add(s:failures, 'no assertion was checked')
endif
for s:line in s:failures
  verbose echo s:line
endfor
if empty(s:failures)
  verbose echo printf('vim: %d column checks passed in %d files', s:checked, len(s:files))
endif
execute empty(s:failures) ? 'qall!' : 'cquit!'
