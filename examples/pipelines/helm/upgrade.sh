#!/usr/bin/env bash
# commands.upgrade (restores.stop: savepoint): the running job stopped with a savepoint through Flink's
# REST API, then `helm upgrade` to the next generation with the changed variables, from that savepoint.
source "$(dirname "$0")/lib.sh"
[ "$FRH_UPGRADE_MODE" = savepoint ] || { echo "this example stops in savepoint mode only, not $FRH_UPGRADE_MODE (restores.stop in pipeline.yaml)" >&2; exit 1; }
previous=$((FRH_GENERATION - 1))
savepoint=$(stop_with_savepoint "$previous")
echo "stop-savepoint=$savepoint" >> "$FRH_OUTPUT"
values=$(values_file "$savepoint"); trap 'rm -f "$values"' EXIT
h upgrade "$RELEASE" "$here/chart" -f "$values" >/dev/null
k wait --for=delete pod -l "app=flink,generation=$previous" --timeout=120s >/dev/null 2>&1 || true
echo "rest=pod:app=flink,component=jobmanager,generation=$FRH_GENERATION:8081" >> "$FRH_OUTPUT"
