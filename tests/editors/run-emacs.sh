#!/bin/sh
# ctest editors/emacs: byte-compiles editors/emacs/tco-mode.el (warnings are errors) into a
# temporary directory, then runs the ERT tests of tests/editors/tco-mode-test.el on the
# compiled mode. Exits 77 (ctest: skipped) when Emacs is not installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
emacs=${EMACS_BIN:-emacs}
if ! command -v "$emacs" >/dev/null 2>&1; then
  echo "SKIPPED: no '$emacs' on PATH (scripts/install-deps installs emacs-nox)"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cp "$repo/editors/emacs/tco-mode.el" "$out/"
"$emacs" --batch -Q --eval '(setq byte-compile-error-on-warn t)' \
  -f batch-byte-compile "$out/tco-mode.el"
"$emacs" --batch -Q -L "$out" -l "$out/tco-mode.elc" -l "$here/tco-mode-test.el" \
  -f ert-run-tests-batch-and-exit
