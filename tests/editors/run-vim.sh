#!/bin/sh
# ctest editors/vim: tests/editors/vim-test.vim checks editors/vim (syntax, ftdetect,
# ftplugin) against the scope assertions of tests/editors/*.test.tco, in a Vim with no user
# configuration. Exits 77 (ctest: skipped) when no suitable Vim is installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
vim=${VIM_BIN:-vim}
if ! command -v "$vim" >/dev/null 2>&1; then
  echo "SKIPPED: no '$vim' on PATH (scripts/install-deps installs Debian's vim)"
  exit 77
fi
# vim.tiny and other small builds lack syntax highlighting or hlget().
if ! "$vim" -Nu NONE -i NONE -es -c 'if has("syntax") && exists("*hlget") | qall! | else | cquit! | endif' </dev/null; then
  echo "SKIPPED: '$vim' lacks +syntax or hlget() (Vim >= 8.2.3578 needed; scripts/install-deps installs Debian's vim)"
  exit 77
fi
exec "$vim" -Nu NONE -i NONE -es \
  --cmd "set rtp^=$repo/editors/vim" --cmd 'filetype plugin on' --cmd 'syntax on' \
  -S "$here/vim-test.vim" -- "$here"/*.test.tco </dev/null
