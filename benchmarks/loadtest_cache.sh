#!/usr/bin/env bash
# make loadtest-cache: the example site under gunicorn (2 workers) behind Varnish
# (benchmarks/varnish/kindness.vcl), with Wagtail's frontend cache purging it on
# publish (KINDNESS_FRONTEND_CACHE_URL, example_site/settings/production.py).
#   1. wrk on each URL, gunicorn alone and then through Varnish: requests/s, the ratio,
#      Varnish's hit ratio during its runs;
#   2. while wrk drives Varnish on the archive, a conversation is published
#      (benchmarks/loadtest_cache.py): how long until each address that shows it
#      serves the new title through Varnish, and how many stale answers after that.
# Traffic goes to 127.0.0.1 only.  Debian: apt-get install -y varnish wrk
#   DURATION=10s CONNECTIONS=8 PORT=8765 CACHE_PORT=8766 benchmarks/loadtest_cache.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
PORT=${PORT:-8765}
CACHE_PORT=${CACHE_PORT:-8766}
REPEAT=${REPEAT:-20}
OUT=${OUT:-benchmarks/results/loadtest-cache.txt}

for tool in varnishd varnishstat wrk curl; do
    PATH=$PATH:/usr/sbin command -v "$tool" >/dev/null || {
        echo "loadtest-cache: $tool is missing (Debian: apt-get install -y varnish wrk curl)" >&2; exit 2; }
done
PATH=$PATH:/usr/sbin
[ -f example_site/manage.py ] || { echo "loadtest-cache: example_site/ is not there yet" >&2; exit 2; }

TMP=$(mktemp -d)
# Varnish's own directory: as root, varnishd drops to its "vcache" user (-j unix),
# which must read the VCL there; nothing else of the run is in it.
VDIR=$(mktemp -d)
chmod 755 "$VDIR"
GUNICORN_PID="" VARNISH_PID="" WRK_PID=""
cleanup() {
    for pid in $WRK_PID $VARNISH_PID $GUNICORN_PID; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP" "$VDIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export DJANGO_SETTINGS_MODULE=example_site.settings.production
export DJANGO_SECRET_KEY="loadtest-only-$(date +%s)-not-secret"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="sqlite:///$TMP/db.sqlite3"
export PYTHONPATH=.

$PY example_site/manage.py migrate --no-input -v0
$PY example_site/manage.py load_demo >/dev/null
$PY example_site/manage.py collectstatic --no-input -v0
# From here on Wagtail purges what it publishes from Varnish.
export KINDNESS_FRONTEND_CACHE_URL="http://127.0.0.1:$CACHE_PORT"
# HOST: the demo Site's (127.0.0.1:8000), the Host header of Wagtail's purges and of
# every request below, so that both name the same objects in Varnish.
read -r HOST CONVERSATION < <($PY benchmarks/loadtest_cache.py addresses)

$PY -m gunicorn example_site.wsgi -w 2 -b "127.0.0.1:$PORT" --log-level warning \
    --forwarded-allow-ips 127.0.0.1 &
GUNICORN_PID=$!
sed "s/\.port = \"8000\"/.port = \"$PORT\"/" benchmarks/varnish/kindness.vcl >"$VDIR/kindness.vcl"
varnishd -F -n "$VDIR/varnish" -a "127.0.0.1:$CACHE_PORT" -f "$VDIR/kindness.vcl" \
    -s malloc,64m >"$TMP/varnishd.log" 2>&1 &
VARNISH_PID=$!
for port in "$PORT" "$CACHE_PORT"; do
    for _ in $(seq 50); do
        curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" -H "Host: $HOST" \
            "http://127.0.0.1:$port/" 2>/dev/null && break
        sleep 0.2
    done
done
if ! kill -0 "$VARNISH_PID" 2>/dev/null; then
    echo "loadtest-cache: varnishd did not start:" >&2
    cat "$TMP/varnishd.log" >&2
    exit 1
fi

counter() { varnishstat -n "$VDIR/varnish" -1 -f "MAIN.$1" | awk '{print $2}'; }
# wrk on one URL of one port for a time; its report on stdout.
wrk_run() {
    wrk -t2 "-c$CONNECTIONS" "-d$1" --latency \
        -H "X-Forwarded-Proto: https" -H "Host: $HOST" "http://127.0.0.1:$2$3"
}
# A wrk report on stdin: "req/s p50 p99 errors" (errors: non-2xx/3xx answers, socket errors).
summary() {
    awk '/^Requests\/sec/ {rps=$2} $1 == "50%" {p50=$2} $1 == "99%" {p99=$2}
         /Non-2xx or 3xx/ {bad+=$NF} /Socket errors/ {gsub(",", ""); bad+=$4+$6+$8+$10}
         END {print rps, p50, p99, bad+0}'
}

# One request through Varnish (the last argument: its path; before it: curl's options):
# "| what | status X-Cache | ok |", ok when that contains $2.
vcl_check() {
    local what=$1 expect=$2 got
    shift 2
    got=$(curl -sS -o /dev/null -D - -H "X-Forwarded-Proto: ${PROTO:-https}" -H "Host: $HOST" \
        "${@:1:$#-1}" "http://127.0.0.1:$CACHE_PORT${!#}" 2>/dev/null |
        awk 'NR == 1 {s=$2} tolower($1) == "x-cache:" {x=$2} END {print s, x}' | tr -d '\r')
    printf '| %-45s | %-10s | %-10s |\n' "$what" "$got" \
        "$([[ "$got" == *"$expect"* ]] && echo ok || echo "NOT $expect")"
}

{
    echo "# make loadtest-cache $(date -u '+%Y-%m-%d %H:%M UTC'): nproc $(nproc), $($PY -V)," \
        "Wagtail $($PY -c 'import wagtail; print(wagtail.__version__)')," \
        "$(varnishd -V 2>&1 | head -1 | cut -d' ' -f2 | tr -d '()'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)," \
        "gunicorn 2 workers, wrk -t2 -c$CONNECTIONS -d$DURATION, SQLite, the demo;" \
        "load average $(cut -d" " -f1-3 /proc/loadavg) at the start"
    echo
    printf '| %-45s | %9s | %9s | %6s | %8s | %8s | %9s | %6s | %6s |\n' \
        URL "gunicorn" "Varnish" ratio "p50" "p99" "hit ratio" misses errors
    printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' "-----------------------------------------------" \
        "----------:" "----------:" "-------:" "---------:" "---------:" "----------:" "-------:" "-------:"
    for url in /conversations/ "$CONVERSATION" /conversations/calendar.ics; do
        read -r direct _ _ bad_direct < <(wrk_run "$DURATION" "$PORT" "$url" | summary)
        hits=$(counter cache_hit) misses=$(counter cache_miss)
        read -r cached p50 p99 bad < <(wrk_run "$DURATION" "$CACHE_PORT" "$url" | summary)
        hits=$(($(counter cache_hit) - hits)) misses=$(($(counter cache_miss) - misses))
        printf '| %-45s | %9s | %9s | %5.0f× | %8s | %8s | %8.3f%% | %6s | %6s |\n' "$url" "$direct" \
            "$cached" "$(awk "BEGIN {print $cached / ($direct > 0 ? $direct : 1)}")" "$p50" "$p99" \
            "$(awk "BEGIN {print 100 * $hits / ($hits + $misses > 0 ? $hits + $misses : 1)}")" \
            "$misses" "$((bad_direct + bad))"
    done
    echo
    echo "gunicorn: requests/s of gunicorn alone; Varnish, p50, p99: through Varnish; hit ratio,"
    echo "misses: MAIN.cache_hit / (cache_hit + cache_miss), cache_miss during the Varnish run"
    echo "(varnishstat); errors: non-2xx/3xx answers and socket errors of both runs."
    echo
    echo "## The VCL: what Varnish does with each kind of request (X-Cache)"
    echo
    printf '| %-45s | %-10s | %-10s |\n' request answer expected
    printf '|%s|%s|%s|\n' "-----------------------------------------------" "------------" "------------"
    vcl_check "GET, a CSRF cookie only (dropped)" "200 HIT" -H "Cookie: csrftoken=x; _ga=1" /conversations/
    vcl_check "GET, signed in (sessionid)" "PASS" -H "Cookie: sessionid=x" /conversations/
    vcl_check "GET a join form" "PASS" /conversations/join/
    vcl_check "POST a join form" "PASS" -X POST -d x=1 /conversations/join/
    vcl_check "GET the admin" "PASS" /admin/
    PROTO=http vcl_check "GET over plain HTTP (the redirect)" "301 PASS" /conversations/
    vcl_check "PURGE from 127.0.0.2" "405" --interface 127.0.0.2 -X PURGE /conversations/
    vcl_check "PURGE from 127.0.0.1" "200" -X PURGE /conversations/
    vcl_check "GET after the PURGE" "200 MISS" /conversations/
    echo
    echo "## Publishing while wrk drives Varnish on /conversations/"
    echo
    hits=$(counter cache_hit) misses=$(counter cache_miss) purges=$(counter n_purges)
    wrk -t2 "-c$CONNECTIONS" "-d$DURATION" --latency -H "X-Forwarded-Proto: https" \
        -H "Host: $HOST" "http://127.0.0.1:$CACHE_PORT/conversations/" >"$TMP/wrk-publish" &
    WRK_PID=$!
    sleep 1
    $PY benchmarks/loadtest_cache.py publish --cache "http://127.0.0.1:$CACHE_PORT" \
        --backend "http://127.0.0.1:$PORT" --host "$HOST" --repeat "$REPEAT"
    wait "$WRK_PID"
    WRK_PID=""
    read -r rps p50 p99 bad < <(summary <"$TMP/wrk-publish")
    hits=$(($(counter cache_hit) - hits)) misses=$(($(counter cache_miss) - misses))
    purges=$(($(counter n_purges) - purges))
    echo
    echo "wrk on /conversations/ meanwhile: $rps req/s, p50 $p50, p99 $p99, $bad errors;" \
        "hits $hits, misses $misses; PURGE requests: $purges."
    echo "The same publish() without the frontend cache (nothing purged; wrk finished):" \
        "$(KINDNESS_FRONTEND_CACHE_URL='' $PY benchmarks/loadtest_cache.py publish-time) ms."
    echo "visible after: from publish() returning to the first answer through Varnish with the"
    echo "new title; stale: answers without it among $REPEAT GETs of each address after that."
} > >(tee "$OUT")  # not a pipe: the block runs in this shell, so cleanup sees WRK_PID
