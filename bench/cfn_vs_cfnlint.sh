#!/usr/bin/env bash
# Side by side on one template: `awssim check` against `cfn-lint`'s wall time.
# usage: bench/cfn_vs_cfnlint.sh [AWSSIM] [TEMPLATE] [PARAMS] [RUNS]
# Prints each tool's best of RUNS wall times and the ratio (issue target:
# awssim at most 1/50 of cfn-lint).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
awssim="${1:-$here/build/awssim}"
tpl="${2:-$here/../shared/upstream/iac/cloudformation/cfnlint_quickstart_vpc_4az_conditions.json}"
params="${3:-$here/../shared/upstream/iac/cloudformation/cfnlint_quickstart_vpc_4az_conditions.params.json}"
runs="${4:-5}"
command -v cfn-lint >/dev/null || { echo "cfn-lint not found (pip install cfn-lint)" >&2; exit 2; }
best() {  # best wall time in ms of "$@" over $runs runs
  local b=""
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
    local ms=$(( (e - s) / 1000000 ))
    if [ -z "$b" ] || [ "$ms" -lt "$b" ]; then b=$ms; fi
  done
  echo "$b"
}
a=$(best "$awssim" check "$tpl" --parameters "$params" --soft-fail)
c=$(best cfn-lint "$tpl")
echo "template: $(basename "$tpl") ($(stat -c %s "$tpl") bytes)"
echo "awssim check: ${a} ms"
echo "cfn-lint:     ${c} ms"
awk -v a="$a" -v c="$c" 'BEGIN { if (a == 0) a = 1; printf "ratio: awssim takes 1/%.0f of cfn-lint\n", c / a }'
