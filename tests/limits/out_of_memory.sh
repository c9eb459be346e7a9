#!/bin/sh
# A study that runs out of memory while it runs is E0304 (exit 3) on both engines, never a
# crash: the reducers are fed from native code, which an exception cannot unwind through.
# The address space is capped with `ulimit -v` so that 1 GB is "all the memory there is"
# (half of it taken by tcoc's own stacks and libraries); 120,000,000 samples of a percentile
# need 960 MB, and a frontier of 12,000,000 points more.
# Usage: out_of_memory.sh TCOC
set -u
tcoc=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/samples.tco" <<'PLAN'
simulate "Every sample kept" {
  samples 120000000 seed 1
  let x = uniform(0, 1)
  show p50(x)
}
PLAN
cat >"$dir/frontier.tco" <<'PLAN'
sweep "Every point on the frontier" {
  over x in 1 .. 12000000 step 1
  pareto max x, min x
  show x
}
PLAN
failed=0
for plan in samples frontier; do
  for engine in --jit --no-jit; do
    err=$( (ulimit -v 1000000 && "$tcoc" run $engine --threads 2 "$dir/$plan.tco") 2>&1 >/dev/null)
    code=$?
    case $err in
      *"error[E0304]: "*"needs more memory than is available"*) ;;
      *) echo "FAIL: $plan $engine: no E0304"; failed=1 ;;
    esac
    [ $code -eq 3 ] || { echo "FAIL: $plan $engine: exit $code, not 3"; failed=1; }
    [ $failed -eq 0 ] || printf '%s\n' "$err" | head -20
  done
done
[ $failed -eq 0 ] && echo "out of memory: E0304 and exit 3 on both engines, for percentiles and a frontier"
exit $failed
