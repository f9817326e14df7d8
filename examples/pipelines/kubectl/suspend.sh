#!/usr/bin/env bash
# commands.suspend (restores.stop: last-state): the job's cluster deleted, its HA data kept, as the
# Operator's last-state suspend; resume.sh later starts the next generation with the same cluster-id
# and job id, and its JobManager recovers the newest checkpoint from the HA ConfigMaps.
source "$(dirname "$0")/lib.sh"
[ "$FRH_UPGRADE_MODE" = last-state ] || { echo "this example stops in last-state mode only, not $FRH_UPGRADE_MODE (restores.stop in pipeline.yaml)" >&2; exit 1; }
stop_generation_keeping_ha "$FRH_GENERATION"
