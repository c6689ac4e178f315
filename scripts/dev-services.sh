# Shared by run.sh, test.sh and bench: install the npm tools, start Azurite and the Key Vault emulator,
# and stop everything that was started. Source it; it defines functions only.

SB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SB_PIDS=()

# The well-known Azurite account (public, documented by Microsoft); never a real credential.
SB_AZURITE_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

sb_log() { printf '[switchboard] %s\n' "$*" >&2; }

sb_ensure_npm_packages() {
  if [ ! -x "$SB_ROOT/node_modules/.bin/azurite" ] || [ "$SB_ROOT/package-lock.json" -nt "$SB_ROOT/node_modules/.package-lock.json" ]; then
    sb_log "installing npm packages (npm ci)"
    (cd "$SB_ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

# Debian's Chromium for the portal's browser tests (Playwright drives it; nothing downloads a browser).
sb_ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    sb_log "installing chromium (apt-get)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
}

sb_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# sb_wait_for_port PORT SECONDS: true once something accepts connections on 127.0.0.1:PORT.
sb_wait_for_port() {
  local port=$1 deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# sb_start_azurite DATA_DIR BLOB QUEUE TABLE [--inMemoryPersistence]; sets SB_STORAGE (a connection string).
sb_start_azurite() {
  local dir=$1 blob=$2 queue=$3 table=$4; shift 4
  mkdir -p "$dir"
  local where=(--location "$dir")
  # In-memory Azurite refuses a --location; its log still goes to DATA_DIR.
  [[ " $* " == *" --inMemoryPersistence "* ]] && where=()
  "$SB_ROOT/node_modules/.bin/azurite" --silent --skipApiVersionCheck --loose --disableTelemetry \
    "${where[@]}" --blobPort "$blob" --queuePort "$queue" --tablePort "$table" "$@" \
    >"$dir/azurite.log" 2>&1 &
  SB_PIDS+=($!)
  sb_wait_for_port "$table" 60 && sb_wait_for_port "$queue" 10 || { sb_log "Azurite did not start; see $dir/azurite.log"; return 1; }
  SB_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$SB_AZURITE_KEY;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  sb_log "Azurite: tables on 127.0.0.1:$table, queues on 127.0.0.1:$queue (data in $dir)"
}

sb_build_emulator() {
  dotnet build "$SB_ROOT/tools/KeyVaultEmulator" -c Release -o "$SB_ROOT/artifacts/keyvault-emulator" --nologo -v quiet >/dev/null
}

# sb_start_emulator DATA_DIR ADMIN_PORT VAULT=PORT...; sets SB_KEYVAULT_ENDPOINTS (endpoints.json).
# SB_EMULATOR_STATE_FILE keeps state across runs; SB_EMULATOR_PURGE_PROTECTION=true makes the vaults production-like.
sb_start_emulator() {
  local dir=$1 admin=$2; shift 2
  local args=()
  for vault in "$@"; do args+=(--vault "$vault"); done
  mkdir -p "$dir"
  rm -f "$dir/endpoints.json"
  dotnet "${SB_EMULATOR_DLL:-$SB_ROOT/artifacts/keyvault-emulator/KeyVaultEmulator.dll}" --admin-port "$admin" --data-dir "$dir" \
    ${SB_EMULATOR_STATE_FILE:+--state-file "$SB_EMULATOR_STATE_FILE"} \
    ${SB_EMULATOR_PURGE_PROTECTION:+--purge-protection "$SB_EMULATOR_PURGE_PROTECTION"} "${args[@]}" >"$dir/emulator.log" 2>&1 &
  SB_PIDS+=($!)
  local deadline=$((SECONDS + 60))
  until [ -s "$dir/endpoints.json" ]; do
    [ $SECONDS -lt $deadline ] || { sb_log "the Key Vault emulator did not start; see $dir/emulator.log"; return 1; }
    sleep 0.2
  done
  SB_KEYVAULT_ENDPOINTS="$dir/endpoints.json"
  sb_log "Key Vault emulator: $(tr -d '\n ' <"$dir/endpoints.json")"
}

# Stops what this script started, children first.
sb_stop_all() {
  local pid
  for pid in "${SB_PIDS[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${SB_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  SB_PIDS=()
}
