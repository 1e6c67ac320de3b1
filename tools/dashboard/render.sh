#!/usr/bin/env bash
# Draws the Grafana dashboard's panels from the data DashboardIT recorded (the live test's
# Prometheus, each panel's queries over the test's minutes) and screenshots the page with headless
# Chromium. Grafana itself cannot be installed here (no Debian package, no registry): the panels
# are drawn with uPlot, the library Grafana's time-series panel draws with, after the dashboard's
# own layout (gridPos), titles, units and legends.
#
#   tools/dashboard/render.sh [DATA_JSON] [OUTPUT_PNG]
#
#   DATA_JSON   default k8s/target/dashboard/ledger-data.json
#               (./mvnw verify -pl k8s -Dit.test=DashboardIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false)
#   OUTPUT_PNG  default docs/images/dashboard.png
# Needs: node/npm (fetches uplot once into target/), chromium, python3.
set -euo pipefail
cd "$(dirname "$0")/../.."

data="${1:-k8s/target/dashboard/ledger-data.json}"
output="${2:-docs/images/dashboard.png}"
uplot_version=1.6.32
work=target/dashboard-render

if [ ! -f "$data" ]; then
    echo "error: no $data; run DashboardIT first (see --help)" >&2
    exit 1
fi
mkdir -p "$work"
if [ ! -f "$work/package/dist/uPlot.iife.min.js" ]; then
    (cd "$work" && npm pack --silent "uplot@$uplot_version" > /dev/null && tar -xzf "uplot-$uplot_version.tgz")
fi

python3 - "$data" "$work/package/dist" tools/dashboard/page.html "$work/dashboard.html" <<'PY'
import sys
data, dist, template, page = sys.argv[1:]
html = open(template).read()
html = html.replace("/*UPLOT_CSS*/", open(f"{dist}/uPlot.min.css").read())
html = html.replace("/*UPLOT_JS*/", open(f"{dist}/uPlot.iife.min.js").read())
html = html.replace("/*DATA*/", open(data).read())
open(page, "w").write(html)
PY

mkdir -p "$(dirname "$output")"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=5000 \
    --window-size=1600,1400 --screenshot="$PWD/$output" "file://$PWD/$work/dashboard.html" 2> "$work/chromium.log" \
    || { cat "$work/chromium.log" >&2; exit 1; }
echo "dashboard: $output"
