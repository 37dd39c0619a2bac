#!/usr/bin/env bash
# Serve the app from N replicas behind Debian's nginx, all on 127.0.0.1:
#
#   bash scripts/replicas.sh [--replicas N] [--port P] [--app-ports P1,P2,…] [--dir DIR] [-- APP ARGS]
#
# * N (default 2) `streamlit run app.py` servers on 127.0.0.1, ports --app-ports (default
#   8601, 8602, …), each given the same APP ARGS (--claims, --districts, --boundaries …).
# * /usr/sbin/nginx (apt-get install nginx) in the foreground on 127.0.0.1:P (default 8500),
#   configured from scripts/nginx-replicas.conf: sticky sessions by a `replica` cookie,
#   websocket upgrade, day-long read timeouts. Its config, pid, logs and temp files go to
#   DIR (default: a new temporary directory, kept), as do the replicas' logs.
# Ctrl-C or SIGTERM stops nginx and every replica; so does any of them exiting.
set -euo pipefail
cd "$(dirname "$0")/.."

NGINX=${NGINX:-/usr/sbin/nginx}
replicas=2 port=8500 app_ports="" dir=""
while [ $# -gt 0 ]; do
  case $1 in
    --replicas) replicas=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --app-ports) app_ports=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "error: unknown option $1 (app arguments go after --; see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$app_ports" ]; then
  app_ports=$(seq -s, 8601 $((8600 + replicas)))
fi
IFS=, read -r -a ports <<<"$app_ports"
if [ ! -x "$NGINX" ]; then
  echo "error: no nginx at $NGINX: apt-get install nginx (Debian's; it is run with its own config, never /etc/nginx)" >&2
  exit 1
fi

source scripts/venv.sh
venv_ensure runtime
dir=${dir:-$(mktemp -d -t replicas.XXXXXX)}
mkdir -p "$dir/tmp"
dir=$(cd "$dir" && pwd)

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping nginx and ${#ports[@]} replicas…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

servers=""
for p in "${ports[@]}"; do
  "$VENV_PY" -m streamlit run app.py \
    --server.address 127.0.0.1 --server.port "$p" --server.headless true \
    --server.fileWatcherType none --browser.gatherUsageStats false \
    -- "$@" >"$dir/streamlit-$p.log" 2>&1 &
  pids+=($!)
  servers+="        server 127.0.0.1:$p;"$'\n'
done

# nginx only once every replica answers its health check (at most 60 s).
"$VENV_PY" - "${ports[@]}" <<'EOF'
import sys, time, urllib.request
deadline = time.monotonic() + 60
for port in sys.argv[1:]:
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"replica on port {port} not healthy within 60 s: see its log")
        time.sleep(0.2)
EOF

template=$(<scripts/nginx-replicas.conf)
config=${template//@PREFIX@/$dir}
config=${config//@LISTEN@/127.0.0.1:$port}
config=${config//@SERVERS@/${servers%$'\n'}}
printf '%s\n' "$config" >"$dir/nginx.conf"
"$NGINX" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -g 'daemon off;' &
pids+=($!)

echo "Serving http://127.0.0.1:$port/ from replicas on ports ${ports[*]} (config and logs in $dir); Ctrl-C stops."
wait -n
echo "A replica or nginx exited: see the logs in $dir." >&2
exit 1
