" tco plans (tcoc)
autocmd BufNewFile,BufRead *.tco setfiletype tco
