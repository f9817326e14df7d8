#!/usr/bin/env bash
# commands.deploy: `helm install` with the storage alone (and --wait: Flink writes its HA data there as
# it starts), then `helm upgrade` to generation 1 of the job.
source "$(dirname "$0")/lib.sh"
storage_only=$(values_file "" 0); trap 'rm -f "$storage_only" "${values:-}"' EXIT
h install "$RELEASE" "$here/chart" -f "$storage_only" --wait --timeout 180s >/dev/null
echo "storage=pod:app=minio:9000" >> "$FRH_OUTPUT"
values=$(values_file "${FRH_INITIAL_RESTORE_PATH:-}")
h upgrade "$RELEASE" "$here/chart" -f "$values" >/dev/null
echo "rest=pod:app=flink,component=jobmanager,generation=$FRH_GENERATION:8081" >> "$FRH_OUTPUT"
