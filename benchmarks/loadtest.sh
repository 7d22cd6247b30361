#!/usr/bin/env bash
# make loadtest: the example site under gunicorn (2 workers) on 127.0.0.1, driven by
# wrk for a bounded time per URL.  Traffic goes to 127.0.0.1 only.
#   DURATION=10s CONNECTIONS=8 PORT=8765 benchmarks/loadtest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
PORT=${PORT:-8765}
OUT=${OUT:-benchmarks/results/loadtest.txt}

command -v wrk >/dev/null || { echo "loadtest: wrk is missing (Debian: apt-get install -y wrk)" >&2; exit 2; }
[ -f example_site/manage.py ] || { echo "loadtest: example_site/ is not there yet" >&2; exit 2; }

TMP=$(mktemp -d)
GUNICORN_PID=""
cleanup() {
    if [ -n "$GUNICORN_PID" ]; then kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=example_site.settings.production
export DJANGO_SECRET_KEY="loadtest-only-$(date +%s)-not-secret"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="sqlite:///$TMP/db.sqlite3"
export PYTHONPATH=.

$PY example_site/manage.py migrate --no-input -v0
$PY example_site/manage.py load_demo >/dev/null
$PY example_site/manage.py collectstatic --no-input -v0
read -r CONVERSATION CSS < <($PY - <<'EOF'
import django
django.setup()
from django.contrib.staticfiles.storage import staticfiles_storage
from wagtail_kindness.models import ConversationPage
page = ConversationPage.objects.live().order_by("-start").first()
print(page.url, staticfiles_storage.url("wagtail_kindness/css/kindness.css"))
EOF
)

$PY -m gunicorn example_site.wsgi -w 2 -b "127.0.0.1:$PORT" --log-level warning \
    --forwarded-allow-ips 127.0.0.1 &
GUNICORN_PID=$!
for _ in $(seq 50); do
    curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/" 2>/dev/null && break
    sleep 0.2
done

{
    echo "# make loadtest $(date -u '+%Y-%m-%d %H:%M UTC'): nproc $(nproc), $($PY -V),"\
        "gunicorn 2 workers, wrk -t2 -c$CONNECTIONS -d$DURATION, SQLite"
    printf '| %-45s | %9s | %8s | %8s | %6s |\n' URL "req/s" p50 p99 errors
    printf '|%s|%s|%s|%s|%s|\n' "-----------------------------------------------" "----------:" "---------:" "---------:" "-------:"
    for url in / /conversations/ "$CONVERSATION" /conversations/calendar.ics "$CSS"; do
        report=$(wrk -t2 "-c$CONNECTIONS" "-d$DURATION" --latency \
            -H "X-Forwarded-Proto: https" -H "Host: 127.0.0.1" "http://127.0.0.1:$PORT$url")
        rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$report")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$report")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
        bad=$(awk '/Non-2xx or 3xx/ {print $NF}' <<<"$report")
        sock=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<<"$report")
        printf '| %-45s | %9s | %8s | %8s | %6s |\n' "$url" "$rps" "$p50" "$p99" "$(( ${bad:-0} + ${sock:-0} ))"
    done
} | tee "$OUT"
