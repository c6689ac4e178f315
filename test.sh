#!/usr/bin/env bash
# Sets up and runs every test on a fresh machine: installs the npm tools, starts Azurite and the Key Vault
# emulator on free ports (so two runs can share a machine), runs every test project, stops what it started.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/dev-services.sh

run_dir="$SB_ROOT/.test-run/$$"
trap 'sb_stop_all; rm -rf "$run_dir"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$run_dir"

sb_ensure_npm_packages
sb_ensure_chromium
# Many service processes and in-process hosts run at once; give them room to watch files (best effort).
sysctl -q -w fs.inotify.max_user_instances=1024 2>/dev/null || true
sb_log "building"
dotnet build Functions.sln -c Debug --nologo -v quiet -clp:NoSummary
dotnet publish src/Switchboard.Server -c Debug --no-build --nologo -v quiet -o "$run_dir/server"

sb_start_azurite "$run_dir/azurite" "$(sb_free_port)" "$(sb_free_port)" "$(sb_free_port)" --inMemoryPersistence
SB_EMULATOR_DLL="$SB_ROOT/tools/KeyVaultEmulator/bin/Debug/net10.0/KeyVaultEmulator.dll" \
  sb_start_emulator "$run_dir/keyvault" 0 main=0 spare=0

export SWITCHBOARD_TEST_STORAGE="$SB_STORAGE"
export SWITCHBOARD_TEST_KEYVAULT_ENDPOINTS="$SB_KEYVAULT_ENDPOINTS"
export SWITCHBOARD_TEST_PUBLISH_DIR="$run_dir/server"
export SWITCHBOARD_TEST_AZURITE="$SB_ROOT/node_modules/.bin/azurite"

sb_log "testing"
set +e
dotnet test Functions.sln -c Debug --no-build --nologo --blame-hang-timeout 5m \
  --results-directory "$run_dir/results" 2>&1 | tee "$run_dir/test.log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test projects.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$run_dir/test.log"
exit "$status"
