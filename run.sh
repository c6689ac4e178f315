#!/usr/bin/env bash
# Sets up and runs Switchboard locally on a fresh machine: installs the npm tools, starts Azurite (data in
# .azurite/) and the Key Vault emulator (the service's vault on https://localhost:8443/, a spare one for a
# hub's own vault on https://localhost:8444/, state in .switchboard/keyvault/), then the service on
# http://localhost:7071. Ctrl-C stops all of it.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/dev-services.sh

trap sb_stop_all EXIT
trap 'exit 130' INT TERM

sb_ensure_npm_packages
sb_log "building"
dotnet build src/Switchboard.Server -c Debug --nologo -v quiet -clp:NoSummary
sb_build_emulator

for port in 10000 10001 10002 8443 8444 8449 7071; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    sb_log "port $port is already in use: stop whatever runs there (another ./run.sh?) and try again"
    exit 1
  fi
done
sb_start_azurite "$SB_ROOT/.azurite" 10000 10001 10002
# Production-like vaults (soft delete with purge protection), so a customer-managed key made in the spare
# vault passes the checks a hub's key must pass.
SB_EMULATOR_STATE_FILE="$SB_ROOT/.switchboard/keyvault/state.json" SB_EMULATOR_PURGE_PROTECTION=true \
  sb_start_emulator "$SB_ROOT/.switchboard/keyvault" 8449 main=8443 spare=8444

export AzureWebJobsStorage="UseDevelopmentStorage=true"
export ASPNETCORE_ENVIRONMENT="Development"
# The emulator's vaults; only its pinned certificate is trusted. A hub may bring the spare vault as its own.
export Switchboard__KeyVault__ManagedVaultUri="https://localhost:8443/"
export Switchboard__KeyVault__EmulatorCertificatePath="$SB_ROOT/.switchboard/keyvault/emulator-cert.pem"
export Switchboard__KeyVault__AllowedHostSuffixes__0="localhost:8443"
export Switchboard__KeyVault__AllowedHostSuffixes__1="localhost:8444"
# The platform Administrator key: generated on first start unless SWITCHBOARD_ADMIN_KEY is set.
if [ -z "${SWITCHBOARD_ADMIN_KEY:-}" ]; then
  key_file="$SB_ROOT/.switchboard/admin.key"
  if [ ! -s "$key_file" ]; then
    mkdir -p "$(dirname "$key_file")"
    (umask 077 && node -e "console.log('sba_' + require('crypto').randomBytes(32).toString('hex'))" >"$key_file")
    sb_log "generated an Administrator API key in $key_file"
  fi
  SWITCHBOARD_ADMIN_KEY="$(cat "$key_file")"
  export SWITCHBOARD_ADMIN_KEY
  admin_key_hint="the Administrator API key is in $key_file (send it as x-api-key)"
else
  admin_key_hint="the Administrator API key is SWITCHBOARD_ADMIN_KEY"
fi
dotnet run --project src/Switchboard.Server --no-build --no-launch-profile &
SB_PIDS+=($!)

sb_wait_for_port 7071 60 || { sb_log "the service did not start"; exit 1; }
sb_log "Switchboard is running at http://localhost:7071 (portal: http://localhost:7071/, health: /api/health); $admin_key_hint. Ctrl-C stops it."
wait
