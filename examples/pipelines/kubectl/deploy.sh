#!/usr/bin/env bash
# commands.deploy: MinIO (the bucket made as its folder before the server starts), Flink's HA role,
# then generation 1 (from $FRH_INITIAL_RESTORE_PATH when the harness gives one).
source "$(dirname "$0")/lib.sh"
k create secret generic minio-credentials --from-env-file="$FRH_CREDENTIALS" --dry-run=client -o yaml \
  | "$KUBECTL" label --local -f - "$PART_OF" -o yaml | k apply -f - >/dev/null
render storage.yaml | k apply -f - >/dev/null
render rbac.yaml | k apply -f - >/dev/null
# Flink writes its HA data to the storage as it starts: it must be up first.
k rollout status deploy/minio --timeout=180s >/dev/null
echo "storage=pod:app=minio:9000" >> "$FRH_OUTPUT"
apply_generation "${FRH_INITIAL_RESTORE_PATH:-}"
