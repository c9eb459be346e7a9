" Vim filetype plugin
" Language: tco (the plans of tcoc)

if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

let s:cpo_save = &cpo
set cpo&vim

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://
setlocal formatoptions-=t formatoptions+=croql
setlocal expandtab shiftwidth=2 softtabstop=2
setlocal iskeyword=@,48-57,_
setlocal suffixesadd=.tco
setlocal include=^\\s*import
setlocal includeexpr=substitute(v:fname,'$','.tco','')
" `%` jumps between the brackets; `[[`/`]]` between items at the left margin.
setlocal matchpairs=(:),{:},[:]

" `:make` is `tcoc check` on the file; its diagnostics go to the quickfix list (`:copen`),
" errors and warnings at their file, line and column. (Set g:tcoc_path when tcoc is not on
" PATH.)
let &l:makeprg = escape(get(g:, 'tcoc_path', 'tcoc'), ' \') . ' check %'
setlocal errorformat=%Eerror[%[A-Z0-9]%#]:\ %m,%Wwarning[%[A-Z0-9]%#]:\ %m,%Z\ %#-->\ %f:%l:%c,%-G%.%#

" :TcoFmt, and `gq` on any lines, format the whole buffer with `tcoc fmt -`. The buffer is
" replaced only when the plan parses; otherwise tcoc's diagnostic is shown and the text is
" left as it is. (formatprg/equalprg would filter the lines through tcoc and, when the plan
" does not parse, replace them with its error message.)
command! -buffer TcoFmt call TcoFormat()
setlocal formatexpr=TcoFormat()

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth<'
      \ . ' softtabstop< iskeyword< suffixesadd< include< includeexpr< matchpairs< makeprg<'
      \ . ' errorformat< formatexpr< | delcommand -buffer TcoFmt'

if !exists('*TcoFormat')
  " Returns 0, as a 'formatexpr' must when it did the formatting.
  function! TcoFormat() abort
    let out = systemlist(shellescape(get(g:, 'tcoc_path', 'tcoc')) . ' fmt -', getline(1, '$'))
    if v:shell_error != 0
      echohl ErrorMsg
      echomsg 'tcoc fmt: ' . get(filter(copy(out), 'v:val =~# "^error"'), 0, 'failed')
      echohl None
      return 0
    endif
    if out ==# getline(1, '$')
      return 0
    endif
    let view = winsaveview()
    call setline(1, out)
    if line('$') > len(out)
      silent execute (len(out) + 1) . ',$delete _'
    endif
    call winrestview(view)
    return 0
  endfunction
endif

let &cpo = s:cpo_save
unlet s:cpo_save
