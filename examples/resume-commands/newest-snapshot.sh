#!/usr/bin/env bash
# An example resume command that restores the latest state: the newest retained checkpoint or
# savepoint of this deployment's own jobs (a later job first, then the larger checkpoint id).
# Run by the harness as `--resume-command examples/resume-commands/newest-snapshot.sh`.
set -euo pipefail
source "$(dirname "$0")/s3-snapshots.sh"
newest=$(lineage_snapshots | sort -k1,1n -k2,2n | tail -n 1)
echo "${newest:+${newest##* }}" | grep . || echo "${FRH_INITIAL_RESTORE_PATH:-none}"
