#!/usr/bin/env bash
# commands.suspend (restores.stop: savepoint): the job stopped with a savepoint through Flink's REST API,
# then the release upgraded to the storage alone (generation 0): Helm removes the job's objects.
# resume.sh later starts the next generation from that savepoint ($FRH_STOP_SAVEPOINT).
source "$(dirname "$0")/lib.sh"
[ "$FRH_UPGRADE_MODE" = savepoint ] || { echo "this example stops in savepoint mode only, not $FRH_UPGRADE_MODE (restores.stop in pipeline.yaml)" >&2; exit 1; }
savepoint=$(stop_with_savepoint "$FRH_GENERATION")
echo "stop-savepoint=$savepoint" >> "$FRH_OUTPUT"
values=$(values_file "" 0); trap 'rm -f "$values"' EXIT
h upgrade "$RELEASE" "$here/chart" -f "$values" >/dev/null
k wait --for=delete pod -l "app=flink,generation=$FRH_GENERATION" --timeout=120s >/dev/null 2>&1 || true
