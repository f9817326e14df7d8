#!/usr/bin/env bash
# commands.resume: the job has ended (cancelled, stopped, failed for good). Pick the newest snapshot of
# the job's lineage (the example resume command, which reads the storage with curl), tear the old
# generation down, start the next one from that snapshot, and say what was chosen.
source "$(dirname "$0")/lib.sh"
previous=$((FRH_GENERATION - 1))
if [ "${FRH_STOPPED_BY:-}" = suspend ]; then
  # After suspend.sh (last-state): same cluster-id and job id, no snapshot chosen: the HA data decides.
  k delete deploy,svc,secret -l "generation=$previous" --wait=false >/dev/null
  apply_generation
  exit 0
fi
snapshot=$("$here/../../resume-commands/newest-snapshot.sh" | tail -n 1)
k delete deploy,svc,secret -l "generation=$previous" --wait=false >/dev/null
k wait --for=delete pod -l "app=flink,generation=$previous" --timeout=120s >/dev/null 2>&1 || true
if [ "$snapshot" = none ]; then apply_generation; else apply_generation "$snapshot"; fi
echo "restored-from=$snapshot" >> "$FRH_OUTPUT"
