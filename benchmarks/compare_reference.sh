#!/usr/bin/env bash
# Times the slow Python reference fit of the momentum law (shared/tools/loss_law_reference.py)
# and `annealer fit --law momentum` on the same three curves, in one run, and prints the ratio.
# Needs ../shared (the developers' checkout: the reference and the curves, read in place) and Debian's python3-numpy and python3-scipy.
#   benchmarks/compare_reference.sh [SIZE]      SIZE: 25 (default) or 100
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-25}
reference=../shared/tools/loss_law_reference.py
annealer=build/app/annealer
data=../shared/data/multipower/csv_$size
[ -f "$reference" ] || { echo "no $reference: this script needs the developers' shared/ folder" >&2; exit 1; }
[ -d "$data" ] || { echo "no $data: the paper's curves are read in place from ../shared/data" >&2; exit 1; }
[ -x "$annealer" ] || { echo "no $annealer: run ./build.sh first" >&2; exit 1; }
files=("$data/cosine_24000.csv" "$data/constant_24000.csv" "$data/wsdcon_9.csv")

now() { date +%s.%N; }
start=$(now)
/usr/bin/python3 "$reference" fit-momentum "$(IFS=,; echo "${files[*]}")" | head -n 1
middle=$(now)
"$annealer" fit --law momentum "${files[@]}" | head -n 5
end=$(now)
python3 - "$start" "$middle" "$end" <<'PY'
import sys
a, b, c = map(float, sys.argv[1:])
print(f"reference (Python, whole process): {b - a:.3f} s")
print(f"annealer fit (whole process):      {c - b:.3f} s")
print(f"ratio: {(b - a) / (c - b):.0f}x")
PY
