#!/usr/bin/env bash
# Builds Switchboard's deployment package for Azure Functions (Flex Consumption, .NET isolated worker):
#   artifacts/functionapp/             the publish output: host.json at its root, functions.metadata
#                                      (every function the host indexes), worker.config.json (how the
#                                      host starts the worker), .azurefunctions/ (the host-side
#                                      extensions: HTTP, timers, Durable Functions) and the app
#   artifacts/switchboard-functionapp.zip   that folder zipped, for `az functionapp deployment source config-zip`
# azd (azure.yaml) runs this before it packages the 'api' service and deploys the folder.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

publish_dir="artifacts/functionapp"
zip_file="artifacts/switchboard-functionapp.zip"

rm -rf "$publish_dir" "$zip_file"

# Framework-dependent: Flex Consumption runs it on the .NET 10 of runtime 'dotnet-isolated' 10.0
# (infra/modules/app.bicep), so no runtime identifier and no bundled runtime.
dotnet publish src/Switchboard.Functions -c Release -o "$publish_dir"

# The host refuses to start (or finds no functions) without these, so fail here rather than after the upload.
for required in host.json functions.metadata worker.config.json; do
  [ -f "$publish_dir/$required" ] || { echo "package.sh: $publish_dir/$required is missing" >&2; exit 1; }
done
[ -d "$publish_dir/.azurefunctions" ] \
  || { echo "package.sh: $publish_dir/.azurefunctions/ (the host-side extensions its bindings need) is missing" >&2; exit 1; }
# Local settings (emulator connection strings, local schedules) must never reach Azure.
[ ! -e "$publish_dir/local.settings.json" ] \
  || { echo "package.sh: $publish_dir/local.settings.json must not be published" >&2; exit 1; }

# Flex Consumption wants host.json at the zip's root: zip the folder's contents, dot-folders included.
(cd "$publish_dir" && zip -q -r -X "$root/$zip_file" .)
echo "package.sh: wrote $zip_file"
