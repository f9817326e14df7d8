#!/usr/bin/env bash
# BROKEN ON PURPOSE: an example of a resume command with a classic bug, redeploying from the first
# savepoint it finds (the one from the last release) instead of the newest state. The harness must
# judge its choice RESTORE_MISMATCH.
set -euo pipefail
source "$(dirname "$0")/s3-snapshots.sh"
# No savepoint yet: grep finds nothing, and the command starts the job empty ("none").
oldest=$(lineage_snapshots | { grep '/savepoint-' || true; } | sort -k1,1n -k2,2n | head -n 1)
echo "${oldest:+${oldest##* }}" | grep . || echo none
