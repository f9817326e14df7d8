#!/usr/bin/env bash
# faults.stop-storage / faults.start-storage: MinIO scaled to zero (its volume keeps the data) and back.
source "$(dirname "$0")/lib.sh"
case $1 in
  stop) k scale deploy/minio --replicas=0 >/dev/null; k wait --for=delete pod -l app=minio --timeout=120s >/dev/null 2>&1 || true ;;
  start) k scale deploy/minio --replicas=1 >/dev/null; k rollout status deploy/minio --timeout=180s >/dev/null ;;
  *) echo "storage.sh stop|start" >&2; exit 2 ;;
esac
