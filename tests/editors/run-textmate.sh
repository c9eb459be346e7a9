#!/bin/sh
# ctest editors/textmate: vscode-tmgrammar-test checks the scopes that
# editors/vscode/syntaxes/tco.tmLanguage.json gives tests/editors/*.test.tco. The tool comes
# from build-tools/npm (scripts/install-deps puts it there) or PATH. Exits 77 (ctest:
# skipped) when it or Node.js is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tool="$repo/build-tools/npm/node_modules/.bin/vscode-tmgrammar-test"
if [ ! -x "$tool" ]; then tool=$(command -v vscode-tmgrammar-test || true); fi
if [ -z "$tool" ] || ! command -v node >/dev/null 2>&1; then
  echo "SKIPPED: vscode-tmgrammar-test or node not found (scripts/install-deps installs them)"
  exit 77
fi
exec "$tool" --config "$repo/editors/vscode/package.json" "$here/*.test.tco"
