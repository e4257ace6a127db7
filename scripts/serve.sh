#!/usr/bin/env bash
# The production way to run the dashboard: several app processes behind one address (nginx), sharing
# the data directory. A browser stays with one worker (cookie); a worker that stops is restarted.
#
#   scripts/serve.sh [--workers N] [--port P] [--address A] [--worker-port BASE] [--run-dir DIR] [--tls CERT KEY]
#                    [-- streamlit options]
#
# N defaults to the number of cores, P to 8501, A to 127.0.0.1 (this machine only: --address 0.0.0.0, behind
# the office TLS front, serves others); workers listen on 127.0.0.1 from BASE
# (default P+1) and are reached only through the proxy. Settings (GOVMEDIA_DATA_DIR, …) come from the
# environment as for a single process. With --tls the proxy speaks HTTPS only, with the PEM certificate
# (chain) CERT and its key KEY: it sends Strict-Transport-Security and marks every cookie Secure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

workers=$(nproc)
port=8501
address=127.0.0.1
base=""
run=""
cert=""
key=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) workers=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --address) address=$2; shift 2 ;;
    --worker-port) base=$2; shift 2 ;;
    --run-dir) run=$2; shift 2 ;;
    --tls) cert=$2; key=$3; shift 3 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "serve.sh: unknown option $1 (see the comment at the top of scripts/serve.sh)" >&2; exit 2 ;;
  esac
done
case "$workers$port" in *[!0-9]*) echo "serve.sh: --workers and --port take whole numbers" >&2; exit 2 ;; esac
[ "$workers" -ge 1 ] || { echo "serve.sh: --workers must be at least 1" >&2; exit 2; }
base=${base:-$((port + 1))}
if [ -n "$cert" ]; then
  [ -r "$cert" ] && [ -r "$key" ] || { echo "serve.sh: --tls needs a readable certificate and key file" >&2; exit 2; }
  cert=$(realpath "$cert")
  key=$(realpath "$key")
fi

ensure_venv -r requirements.txt
ensure_nginx
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [ -z "$run" ]; then
  run=$(mktemp -d -t govmedia-serve.XXXXXX)
  own_run=1
else
  mkdir -p "$run"
  own_run=0
fi
# nginx's own workers run as an unprivileged user when started as root; they need to reach the temp paths.
chmod 755 "$run"
rm -f "$run"/stopping "$run"/worker-*.pid

upstreams=""
names=""
for i in $(seq 1 "$workers"); do
  p=$((base + i - 1))
  upstreams+="        server 127.0.0.1:$p max_fails=1 fail_timeout=3s;"$'\n'
  names+="        127.0.0.1:$p $i;"$'\n'
done
max_mb=$(.venv/bin/python -c "from analytics import settings; print(settings.get_int('GOVMEDIA_MAX_UPLOAD_MB') + 10)")
.venv/bin/python - "$run" "$address" "$port" "$max_mb" "$upstreams" "$names" "$cert" "$key" <<'PY'
import json
import sys
from pathlib import Path

run, address, port, max_mb, upstreams, names, cert, key = sys.argv[1:]
text = Path("deploy/nginx.conf.template").read_text()
tls = {"@SSL@": "", "@TLS_SETTINGS@": "", "@SECURE@": "", "@TLS_HEADERS@": ""}
if cert:
    # json.dumps quotes a path for nginx (spaces, semicolons) the way nginx reads a quoted string.
    tls = {"@SSL@": " ssl",
           "@TLS_SETTINGS@": f"        ssl_certificate {json.dumps(cert, ensure_ascii=False)};\n        ssl_certificate_key {json.dumps(key, ensure_ascii=False)};\n"
                             "        ssl_protocols TLSv1.2 TLSv1.3;",
           "@SECURE@": "; Secure",
           "@TLS_HEADERS@": '            add_header Strict-Transport-Security "max-age=31536000" always;\n'
                            "            proxy_cookie_flags ~ secure;\n"
                            "            proxy_set_header X-Forwarded-Proto https;"}
for name, value in {"@RUN@": run, "@LISTEN@": address, "@PORT@": port, "@MAX_BODY_MB@": max_mb,
                    "@UPSTREAMS@": upstreams.rstrip("\n"), "@WORKER_NAMES@": names.rstrip("\n"), **tls}.items():
    text = text.replace(name, value)
Path(run, "nginx.conf").write_text(text)
PY

export GOVMEDIA_BEHIND_PROXY=1
# One cookie secret for all workers: a browser moved to another worker (its own one stopped) keeps
# its st.login sign-in and its upload (XSRF) token.
STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')}
export STREAMLIT_SERVER_COOKIE_SECRET
loops=()
nginx_pid=""

stop() {
  trap - EXIT INT TERM
  touch "$run/stopping"
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  for f in "$run"/worker-*.pid; do
    [ -e "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  for pid in "${loops[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ "$own_run" = 1 ] && rm -rf "$run"
  return 0
}
trap stop EXIT
trap 'exit 0' INT TERM

worker() {
  local i=$1 p=$2
  while true; do
    .venv/bin/streamlit run dashboard.py --server.port "$p" --server.address 127.0.0.1 --server.headless true \
      --browser.gatherUsageStats false ${extra[@]+"${extra[@]}"} &
    echo $! > "$run/worker-$i.pid"
    wait $! || true
    [ -e "$run/stopping" ] && return 0
    echo "serve.sh: worker $i (127.0.0.1:$p) stopped; restarting it" >&2
    sleep 1
  done
}

for i in $(seq 1 "$workers"); do
  worker "$i" $((base + i - 1)) &
  loops+=($!)
done

"$nginx_bin" -p "$run" -c "$run/nginx.conf" -e stderr -g 'daemon off;' &
nginx_pid=$!
echo "serve.sh: $([ -n "$cert" ] && echo https || echo http)://$address:$port → $workers worker(s) on 127.0.0.1:$base… (run directory $run)" >&2
wait "$nginx_pid"
