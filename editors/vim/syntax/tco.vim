" Vim syntax file
" Language:    tco (the plans of tcoc: unit-checked AI-infrastructure cost planning)
" Filenames:   *.tco
"
" The lexical rules follow grammar/Tco.g4 and compiler/syntax/parse.cpp: a unit is what
" follows a number on the same line, juxtaposed (`80 GB`, `60%`) or after `/` (`3.35 TB/s`,
" `$0.08/kWh`), and is never a keyword (but `min`, minutes, is) nor a name followed by
" `.`, `(` or `{`. A count suffix touching the digits (`5M`, `100k`, `2G`, `1.5T`) is part
" of the number. The same categories as the TextMate grammar (editors/vscode) are tested
" by tests/editors/vim-test.vim against tests/editors/*.test.tco.

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
syn sync minlines=200

" ---- pieces shared by the patterns below (magic Vim regexes)
let s:digits = '\d\%(_\=\d\)*'
let s:number = s:digits . '\%(\.' . s:digits . '\)\=\%([eE][+-]\=' . s:digits . '\)\='
" `5M`: a count suffix touching the digits, not the start of a longer name, not powered.
let s:suffix = '\%([kMGT]\>\^\@!\)\='
let s:keywords = 'import\|dimension\|unit\|type\|let\|fn\|report\|sweep\|simulate\|assert'
      \ . '\|over\|in\|where\|best\|top\|by\|pareto\|show\|samples\|seed\|step\|geometric\|largest\|smallest'
      \ . '\|if\|then\|else\|with\|and\|or\|not\|true\|false'
let s:not_keyword = '\%(\<\%(' . s:keywords . '\|min\|max\)\>\)\@!'
" A unit atom: a name that is no keyword and not a value being used (`gpu.name`, `f(x)`,
" `R {`), `$` not starting a money literal, or `%`; maybe raised to a power (`m^2`).
let s:atom = '\%(\$\%(\s*\d\)\@!\|%\|\%(\<\%(' . s:keywords . '\)\>\)\@!\h\w*\>'
      \ . '\%(\s*\%(\.\.\@!\|(\|{\)\)\@!\)'
let s:factor = s:atom . '\%(\^-\=' . s:number . '\)\='
let s:slash = '\s*/[/*]\@!\s*'
let s:tail = '\%(\s*' . s:factor . '\|' . s:slash . s:factor . '\)*'
" After `->`: a product of units, `$` being the dollar (`$/Mtok`, `1/s`, `kW*h`).
let s:target_atom = '\%(\$\|%\|\%(\<\%(' . s:keywords . '\)\>\)\@!\h\w*\>\)\%(\^-\=' . s:number . '\)\='
let s:target = '\%(' . s:number . '\|' . s:target_atom . '\)\%(\s*[*/][/*]\@!\s*' . s:target_atom
      \ . '\|\s*' . s:target_atom . '\)*'
" A type: a product of dimension or record names (`Data`, `Money/Time/Device`).
let s:type = '\%(\h\w*\|' . s:number . '\)\%(\s*[*/^][/*]\@!\s*-\=\%(\h\w*\|' . s:number . '\)\)*'

" ---- comments and strings
syn keyword tcoTodo contained TODO FIXME XXX NOTE
syn match tcoLineComment "//.*$" contains=tcoTodo,@Spell
syn region tcoBlockComment start="/\*" end="\*/" contains=tcoTodo,@Spell
syn match tcoEscape contained +\\["\\nt]+
syn match tcoBadEscape contained +\\[^"\\nt]+
syn region tcoString start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contains=tcoEscape,tcoBadEscape,@Spell

" ---- names (defined first: later matches win where several start at one place)
syn match tcoIdentifier "\<\h\w*\>"
" labels of report entries and shown values: `per_gpu: ...`
syn match tcoLabel "\<\h\w*\ze\s*:"
" calls, builtins, record literals (`Workload { ... }`)
exe 'syn match tcoFunctionCall "' . s:not_keyword . '\<\h\w*\ze\s*("'
let s:builtins = 'clamp\|ceil\|floor\|round\|abs\|sqrt\|ln\|exp\|log10\|log2\|pow\|sin\|cos'
      \ . '\|uniform\|normal\|triangular\|lognormal'
      \ . '\|mean\|sum\|count\|stddev\|percentile\|p[1-9]\d\='
exe 'syn match tcoBuiltin "\<\%(' . s:builtins . '\)\ze\s*("'
exe 'syn match tcoTypeName "' . s:not_keyword . '\<\h\w*\ze\s*{"'

" ---- keywords (matches, not :syn keyword, so that the context rules below can win)
syn match tcoStatement "\.\@1<!\<\%(report\|sweep\|simulate\|assert\)\>"
syn match tcoStudy "\.\@1<!\<\%(over\|in\|where\|best\|top\|by\|pareto\|show\)\>"
syn match tcoStudy "\.\@1<!\<\%(samples\|seed\|step\|geometric\|min\|max\|largest\|smallest\)\>"
syn match tcoConditional "\.\@1<!\<\%(if\|then\|else\)\>"
syn match tcoWordOperator "\.\@1<!\<\%(and\|or\|not\|with\)\>"
syn match tcoBoolean "\.\@1<!\<\%(true\|false\)\>"
syn match tcoConstant "\.\@1<!\<\%(none\|auto\)\>"
" Builtin calls win over the study keywords `min` and `max`.
syn match tcoBuiltin "\<\%(min\|max\)\ze\s*("

" ---- operators
syn match tcoOperator "\.\.\|==\|!=\|<=\|>=\|<\|>\|&&\|||\|!\|=\|+\|-\|\*\|/[/*]\@!\|\^"

" ---- literals: 80 GB, 3.35 TB/s, 5M req/month, $0.08/kWh, 60%
exe 'syn match tcoNumber "\<' . s:number . s:suffix . '" nextgroup=tcoUnit skipwhite'
exe 'syn match tcoUnit contained "' . s:factor . s:tail . '"'
exe 'syn match tcoMoney "\$\s*' . s:number . s:suffix . '" nextgroup=tcoMoneyUnit'
exe 'syn match tcoMoneyUnit contained "\%(\s*' . s:factor . '\|' . s:slash . s:factor . '\)\+"'
" x -> $/Mtok
exe 'syn match tcoConversion "->" nextgroup=tcoTarget skipwhite'
exe 'syn match tcoTarget contained "' . s:target . '"'

" ---- declarations
syn match tcoInclude "\.\@1<!\<import\>" nextgroup=tcoModule skipwhite
syn match tcoModule contained "\h\w*"
" let name: Type = ...
syn match tcoDeclaration "\.\@1<!\<let\>" nextgroup=tcoDefinition skipwhite
syn match tcoDefinition contained "\h\w*" nextgroup=tcoTypeAnnotation skipwhite
exe 'syn match tcoTypeAnnotation contained ":\s*' . s:type . '" contains=@tcoType'
syn match tcoTypeRef contained "\h\w*"
syn match tcoPrimitiveType contained "\<\%(Number\|Text\|Bool\|Dimensionless\)\>"
syn cluster tcoType contains=tcoTypeRef,tcoPrimitiveType,tcoOperator,tcoNumber
" dimension Power = Energy / Time
syn match tcoDeclaration "\.\@1<!\<dimension\>" nextgroup=tcoTypeDecl skipwhite
syn match tcoTypeDecl contained "\h\w*" nextgroup=tcoDimensionDef skipwhite
exe 'syn match tcoDimensionDef contained "=\s*' . s:type . '" contains=@tcoType'
" unit gpu: Device, unit rack = 72 gpu, unit month = yr / 12
syn match tcoDeclaration "\.\@1<!\<unit\>" nextgroup=tcoUnitName skipwhite
syn match tcoUnitName contained "\h\w*\|\$\|%" nextgroup=tcoTypeAnnotation,tcoUnitDef skipwhite
syn region tcoUnitDef contained start="=" end="$" oneline keepend
      \ contains=tcoOperator,tcoNumber,tcoMoney,tcoBareUnit,tcoLineComment,tcoBlockComment
syn match tcoBareUnit contained "\h\w*\|\$\|%"
" type Server { name: Text  power: Power = 10 kW }
syn match tcoDeclaration "\.\@1<!\<type\>" nextgroup=tcoRecordName skipwhite
syn match tcoRecordName contained "\h\w*" nextgroup=tcoTypeBody skipwhite skipnl
syn region tcoTypeBody contained matchgroup=tcoBrace start="{" end="}"
      \ contains=tcoFieldName,tcoBraces,@tcoExpression
syn match tcoFieldName contained "\<\h\w*\ze\s*:" nextgroup=tcoTypeAnnotation skipwhite
syn region tcoBraces contained transparent start="{" end="}" contains=tcoBraces,@tcoExpression
" fn per_gpu(s: Server, util: Number = 100%) -> Money/Time = ...
syn match tcoDeclaration "\.\@1<!\<fn\>" nextgroup=tcoFunction skipwhite
syn match tcoFunction contained "\h\w*" nextgroup=tcoParams skipwhite
syn region tcoParams contained matchgroup=tcoParen start="(" end=")"
      \ contains=tcoParamName,tcoParens,@tcoExpression nextgroup=tcoReturnType skipwhite skipnl
syn match tcoParamName contained "\<\h\w*\ze\s*:" nextgroup=tcoTypeAnnotation skipwhite
syn region tcoParens contained transparent start="(" end=")" contains=tcoParens,@tcoExpression
exe 'syn match tcoReturnType contained "->\s*' . s:type . '" contains=tcoReturnArrow,@tcoType'
syn match tcoReturnArrow contained "->"

" ---- context, defined after the keywords so that it wins over them: a name after `.`,
" a field or named argument (`gpus = 8`, `unit = 1`)
syn match tcoMember "\.\@1<!\.\.\@!\s*\h\w*"
syn match tcoProperty "\<\h\w*\ze\s*=[=]\@!"
" sweep axes: `over gpu in [...]`
exe 'syn match tcoAxis "' . s:not_keyword . '\<\h\w*\ze\s\+in\>"'

" @prefixes(si, binary)
syn match tcoAttribute "@\h\w*" nextgroup=tcoAttributeArgs
syn match tcoAttributeArgs contained "(\_[^)]*)" contains=tcoAttributeArg
syn match tcoAttributeArg contained "\h\w*"

syn cluster tcoExpression contains=tcoLineComment,tcoBlockComment,tcoString,tcoIdentifier,
      \tcoFunctionCall,tcoBuiltin,tcoTypeName,tcoStatement,tcoStudy,tcoConditional,
      \tcoWordOperator,tcoBoolean,tcoConstant,tcoOperator,tcoMember,tcoProperty,tcoNumber,
      \tcoMoney,tcoConversion,tcoDeclaration,tcoInclude,tcoAttribute,tcoAxis,tcoLabel

" ---- colours: standard groups
hi def link tcoTodo           Todo
hi def link tcoLineComment    Comment
hi def link tcoBlockComment   Comment
hi def link tcoString         String
hi def link tcoEscape         SpecialChar
hi def link tcoBadEscape      Error
hi def link tcoInclude        Include
hi def link tcoDeclaration    Keyword
hi def link tcoStatement      Statement
hi def link tcoStudy          Keyword
hi def link tcoConditional    Conditional
hi def link tcoWordOperator   Operator
hi def link tcoOperator       Operator
hi def link tcoConversion     Operator
hi def link tcoReturnArrow    Operator
hi def link tcoBoolean        Boolean
hi def link tcoConstant       Constant
hi def link tcoNumber         Number
hi def link tcoMoney          Number
hi def link tcoUnit           Special
hi def link tcoMoneyUnit      tcoUnit
hi def link tcoTarget         tcoUnit
hi def link tcoUnitName       tcoUnit
hi def link tcoBareUnit       tcoUnit
hi def link tcoTypeName       Type
hi def link tcoTypeRef        Type
hi def link tcoTypeDecl       Type
hi def link tcoRecordName     Type
hi def link tcoPrimitiveType  Type
hi def link tcoFunction       Function
hi def link tcoFunctionCall   Function
hi def link tcoBuiltin        Function
hi def link tcoAttribute      PreProc
hi def link tcoAttributeArg   PreProc
hi def link tcoDefinition     Identifier
hi def link tcoParamName      tcoDefinition
hi def link tcoAxis           tcoDefinition
hi def link tcoLabel          Identifier
" Not coloured: tcoIdentifier, tcoMember, tcoProperty, tcoModule, tcoFieldName.

let b:current_syntax = 'tco'

let &cpo = s:cpo_save
unlet s:cpo_save
