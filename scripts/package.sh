#!/usr/bin/env bash
# Builds Switchboard's deployment package for Azure Functions (Flex Consumption, custom handler):
#   artifacts/functionapp/             the publish output: host.json, one folder per function (each
#                                      with its function.json) and the self-contained app, whose
#                                      executable Switchboard.Functions is host.json's
#                                      customHandler.description.defaultExecutablePath
#   artifacts/switchboard-functionapp.zip   that folder zipped, for `az functionapp deployment source config-zip`
# azd (azure.yaml) runs this before it packages the 'api' service and deploys the folder.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

publish_dir="artifacts/functionapp"
zip_file="artifacts/switchboard-functionapp.zip"

rm -rf "$publish_dir" "$zip_file"

# Self-contained: the Functions image need not carry .NET 10. ReadyToRun: a faster cold start.
dotnet publish src/Switchboard.Functions -c Release -r linux-x64 --self-contained \
  -p:PublishReadyToRun=true -o "$publish_dir"

# The host refuses to start without these, so fail here rather than after the upload.
[ -f "$publish_dir/host.json" ] || { echo "package.sh: $publish_dir/host.json is missing" >&2; exit 1; }
compgen -G "$publish_dir/*/function.json" > /dev/null \
  || { echo "package.sh: no function folders (*/function.json) in $publish_dir" >&2; exit 1; }
[ -x "$publish_dir/Switchboard.Functions" ] \
  || { echo "package.sh: $publish_dir/Switchboard.Functions is not an executable" >&2; exit 1; }
# Flex Consumption runs the package with runtime 'custom' (infra/modules/app.bicep): the host starts
# what host.json names, and only the self-contained executable is sure to run there.
grep -Eq '"defaultExecutablePath"[[:space:]]*:[[:space:]]*"(\./)?Switchboard\.Functions"' "$publish_dir/host.json" \
  || { echo "package.sh: host.json's customHandler.description.defaultExecutablePath must be \"Switchboard.Functions\"" >&2; exit 1; }

# zip keeps the executable bit, which the Linux host needs to start the handler.
(cd "$publish_dir" && zip -q -r -X "$root/$zip_file" .)
echo "package.sh: wrote $zip_file"
