#!/usr/bin/env bash
# commands.resume: the job has ended. The newest snapshot of its lineage (the example resume command),
# then `helm upgrade` to the next generation from it: Helm removes the old generation's objects, which
# the new release no longer renders, and creates the new ones.
source "$(dirname "$0")/lib.sh"
if [ "${FRH_STOPPED_BY:-}" = suspend ]; then
  # After suspend.sh (savepoint mode): the savepoint it stopped the job with.
  snapshot=${FRH_STOP_SAVEPOINT:?suspend.sh wrote no stop-savepoint}
else
  snapshot=$("$here/../../resume-commands/newest-snapshot.sh" | tail -n 1)
fi
[ "$snapshot" != none ] || snapshot=""
values=$(values_file "$snapshot"); trap 'rm -f "$values"' EXIT
h upgrade "$RELEASE" "$here/chart" -f "$values" >/dev/null
k wait --for=delete pod -l "app=flink,generation=$((FRH_GENERATION - 1))" --timeout=120s >/dev/null 2>&1 || true
echo "rest=pod:app=flink,component=jobmanager,generation=$FRH_GENERATION:8081" >> "$FRH_OUTPUT"
echo "restored-from=${snapshot:-none}" >> "$FRH_OUTPUT"
