#!/usr/bin/env bash
# commands.upgrade (restores.stop: last-state): the running generation stopped keeping its HA data
# (suspend.sh's way), then the next one started with the changed variables (FRH_PARALLELISM, the job's
# arguments, the image ...) and the same cluster-id and job id: it recovers from the HA data.
source "$(dirname "$0")/lib.sh"
[ "$FRH_UPGRADE_MODE" = last-state ] || { echo "this example stops in last-state mode only, not $FRH_UPGRADE_MODE (restores.stop in pipeline.yaml)" >&2; exit 1; }
previous=$((FRH_GENERATION - 1))
stop_generation_keeping_ha "$previous"
k delete svc,secret -l "generation=$previous" --wait=false >/dev/null
apply_generation
