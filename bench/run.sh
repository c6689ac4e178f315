#!/usr/bin/env bash
# Switchboard's benchmarks (docs/benchmarks.md): publishes the service and a bare minimal API (Release,
# self-contained, ReadyToRun, both alike) and the harness, starts Azurite and the Key Vault emulator on free
# ports (or uses running ones: BENCH_STORAGE and BENCH_KEYVAULT_ENDPOINTS), plus a second, request-logging
# Azurite for counting storage calls, runs every scenario, prints a table and writes bench/results/latest.json
# (and .md). Stops everything it started. Not part of ./test.sh.
#
#   bench/run.sh              the full run (about 6 minutes on 2 cores, builds included)
#   bench/run.sh --quick      a tenth of the iterations, for working on the harness; not for publishing
#   bench/run.sh --only 1,3   some scenarios only
#   BENCH_APP=DIR bench/run.sh  use a service already published there (self-contained, ReadyToRun) instead of
#                             publishing the working tree
#   BENCH_VARIANTS="name=DIR ..." bench/run.sh  also time the cold start of other published builds of the service
#   BENCH_KEEP_LOGS=1 bench/run.sh  keep the services' and Azurite's logs (they are kept anyway when a scenario fails)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/dev-services.sh

run_dir="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench.XXXXXX")"
keep_logs="${BENCH_KEEP_LOGS:-0}"
cleanup() {
  sb_stop_all
  if [ "$keep_logs" = 1 ]; then sb_log "logs kept in $run_dir/logs"; rm -rf "$run_dir/build" "$run_dir/build-rdg" "$run_dir/app" "$run_dir/app-rdg" "$run_dir/bare" "$run_dir/harness" "$run_dir/hook"
  else rm -rf "$run_dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
started=$SECONDS

sb_ensure_npm_packages
# Each build has its own obj/ and bin/ under the run directory (--artifacts-path), so a build of the repository
# that someone runs at the same time is neither disturbed nor disturbing.
publish() { # PROJECT OUT [extra]
  local project=$1 out=$2; shift 2
  # Build output to stderr: stdout is the results table.
  dotnet publish "$project" -c Release --nologo -v quiet -clp:NoSummary --artifacts-path "${artifacts:-$run_dir/build}" -o "$out" "$@" >&2
}
sb_log "publishing the service and the bare app (Release, self-contained, ReadyToRun) and building the harness"
app_dir="${BENCH_APP:-$run_dir/app}"
[ -n "${BENCH_APP:-}" ] || publish src/Switchboard.Server "$app_dir" -r linux-x64 --self-contained -p:PublishReadyToRun=true
publish bench/BareApp "$run_dir/bare" -r linux-x64 --self-contained -p:PublishReadyToRun=true
publish bench/Switchboard.Bench "$run_dir/harness"
publish bench/StartupTimeline "$run_dir/hook"
variants=()
# Experiments for scenario 6: other builds of the service, published by hand, timed alongside it.
for variant in ${BENCH_VARIANTS:-}; do
  variants+=(--variant "${variant%%=*}=${variant#*=}/Switchboard.Server")
done

if [ -n "${BENCH_STORAGE:-}" ] && [ -n "${BENCH_KEYVAULT_ENDPOINTS:-}" ]; then
  sb_log "using the running Azurite and emulator (BENCH_STORAGE, BENCH_KEYVAULT_ENDPOINTS)"
  storage=$BENCH_STORAGE
  endpoints=$BENCH_KEYVAULT_ENDPOINTS
else
  sb_start_azurite "$run_dir/azurite" "$(sb_free_port)" "$(sb_free_port)" "$(sb_free_port)" --inMemoryPersistence
  storage=$SB_STORAGE
  [ -f artifacts/keyvault-emulator/KeyVaultEmulator.dll ] || sb_build_emulator
  sb_start_emulator "$run_dir/keyvault" 0 main=0 count=0
  endpoints=$SB_KEYVAULT_ENDPOINTS
fi
# Scenario 4 counts storage calls in this one's request log; logging every request slows Azurite, so the timed
# scenarios never use it.
sb_start_azurite "$run_dir/azurite-count" "$(sb_free_port)" "$(sb_free_port)" "$(sb_free_port)" --inMemoryPersistence \
  --debug "$run_dir/azurite-count/debug.log"
count_storage=$SB_STORAGE

mkdir -p bench/results "$run_dir/logs"
sb_log "running the scenarios"
# In the background and on the list of what to stop, so Ctrl-C stops it too (it kills the processes it started).
dotnet "$run_dir/harness/Switchboard.Bench.dll" \
  --storage "$storage" --keyvault-endpoints "$endpoints" \
  --count-storage "$count_storage" --count-log "$run_dir/azurite-count/debug.log" \
  --app "$app_dir/Switchboard.Server" --bare "$run_dir/bare/BareApp" \
  --startup-hook "$run_dir/hook/StartupTimeline.dll" "${variants[@]}" \
  --work "$run_dir/logs" --out bench/results/latest.json "$@" &
harness=$!
SB_PIDS+=("$harness")
status=0
wait "$harness" || status=$?
[ "$status" = 0 ] || keep_logs=1
sb_log "done in $((SECONDS - started)) s (builds included); results in bench/results/latest.json and latest.md"
exit "$status"
