#!/bin/sh
# ctest editors/vim-editing: editing .tco in Vim (editors/vim), headless.
#   1. The indent file: `gg=G` leaves every example and stdlib module as `tcoc fmt` laid it out.
#   2. `:make` is `tcoc check %`: its errors and warnings reach the quickfix list with their
#      type, line, column and message.
#   3. `:TcoFmt` (and `gq`) format the buffer with `tcoc fmt -`, and leave a buffer that does
#      not parse as it was.
# Usage: run-vim-editing.sh TCOC REPO. Exits 77 (ctest: skipped) without Vim.
set -u
tcoc=$1
repo=$2
vim=${VIM_BIN:-vim}
if ! command -v "$vim" >/dev/null 2>&1; then
  echo "SKIPPED: no '$vim' on PATH (scripts/install-deps installs vim)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run_vim() {  # FILE COMMANDS...
  file=$1
  shift
  "$vim" -Nu NONE -i NONE -es --cmd "set rtp^=$repo/editors/vim" --cmd 'filetype plugin indent on' \
    --cmd "let g:tcoc_path = '$tcoc'" "$@" -c 'qa!' "$file" </dev/null
}
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# 1. indentation
checked=0
for f in "$repo"/examples/*.tco "$repo"/stdlib/*.tco; do
  run_vim "$f" -c 'normal gg=G' -c "w! $tmp/indented.tco"
  if ! cmp -s "$f" "$tmp/indented.tco"; then
    fail "gg=G changes $(basename "$f"):"
    diff "$f" "$tmp/indented.tco" | head -10
  fi
  checked=$((checked + 1))
done

# 2. :make and the quickfix list
printf 'let a = 1 GB + 1 s\nlet spend = $12/hr\nassert spend < $10/hr\n' >"$tmp/bad.tco"
run_vim "$tmp/bad.tco" -c 'set shellpipe=>%s\ 2>&1' -c 'silent make' \
  -c "call writefile(map(getqflist(), 'v:val.type . \" \" . v:val.lnum . \":\" . v:val.col . \" \" . v:val.text'), '$tmp/qf.txt')"
expected='E 1:9 cannot add Data to Time'
if ! grep -qxF "$expected" "$tmp/qf.txt" 2>/dev/null; then
  fail ":make's quickfix list lacks '$expected':"
  cat "$tmp/qf.txt" 2>/dev/null
fi
[ "$(wc -l <"$tmp/qf.txt" 2>/dev/null)" = 1 ] || fail "one error expected in the quickfix list (the plan stops at it)"
printf 'let spend = $12/hr\nassert spend < $10/hr\n' >"$tmp/warn.tco"
run_vim "$tmp/warn.tco" -c 'set shellpipe=>%s\ 2>&1' -c 'silent make' \
  -c "call writefile(map(getqflist(), 'v:val.type . \" \" . v:val.lnum . \":\" . v:val.col . \" \" . v:val.text'), '$tmp/qf2.txt')"
grep -q '^W 2:8 this assert fails when the plan runs: spend is 12.00 \$/hr, required < 10.00 \$/hr' "$tmp/qf2.txt" \
  || { fail ":make's quickfix list lacks the failing assert (W0305):"; cat "$tmp/qf2.txt"; }

# 3. :TcoFmt and gq
printf 'let  x=1 GB\nreport "r" {\nx:x\n}\n' >"$tmp/messy.tco"
run_vim "$tmp/messy.tco" -c 'TcoFmt' -c "w! $tmp/formatted.tco"
"$tcoc" fmt --stdout "$tmp/messy.tco" >"$tmp/want.tco"
cmp -s "$tmp/formatted.tco" "$tmp/want.tco" || { fail ":TcoFmt is not tcoc fmt:"; diff "$tmp/want.tco" "$tmp/formatted.tco"; }
run_vim "$tmp/messy.tco" -c 'normal gqG' -c "w! $tmp/gq.tco"
cmp -s "$tmp/gq.tco" "$tmp/want.tco" || fail "gq does not format as tcoc fmt"
printf 'let  x = (1 +\n' >"$tmp/broken.tco"
run_vim "$tmp/broken.tco" -c 'silent! TcoFmt' -c "w! $tmp/kept.tco"
cmp -s "$tmp/broken.tco" "$tmp/kept.tco" || fail ":TcoFmt changed a plan that does not parse"

[ $failed = 0 ] && echo "vim: $checked plans keep their layout under gg=G; :make fills the quickfix list; :TcoFmt and gq format, and leave a broken plan alone"
exit $failed
