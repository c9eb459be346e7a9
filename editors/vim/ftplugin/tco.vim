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

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth<'
      \ . ' softtabstop< iskeyword< suffixesadd< include< includeexpr< matchpairs<'

let &cpo = s:cpo_save
unlet s:cpo_save
