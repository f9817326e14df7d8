#!/usr/bin/env bash
# faults.replace-jobmanager: the JobManager pod is lost: its JVM killed, the pod deleted; the
# Deployment starts a new one (new IP, empty local disk).
source "$(dirname "$0")/lib.sh"
pod=$(k get pods -l "app=flink,component=jobmanager,generation=$FRH_GENERATION" -o name | head -n 1)
[ -n "$pod" ] || { echo "no jobmanager pod in generation $FRH_GENERATION" >&2; exit 1; }
"$here/kill-jvm.sh" jobmanager
k delete "$pod" --wait=false >/dev/null
