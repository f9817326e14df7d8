#!/usr/bin/env bash
# faults.delete-ha-metadata: delete Flink's HA ConfigMaps of the cluster-id, as a careless cleanup
# would: all of them, or with FRH_HA_SCOPE=job only the job's own (the cluster's leader map stays).
source "$(dirname "$0")/lib.sh"
names=$(k get configmap -l "app=$FRH_CLUSTER_ID,type=flink-native-kubernetes" -o name)
if [ "${FRH_HA_SCOPE:-all}" = job ]; then names=$(echo "$names" | grep -e '-config-map$' | grep -v -e '-cluster-config-map$' || true); fi
[ -n "$names" ] || { echo "no HA ConfigMaps of $FRH_CLUSTER_ID" >&2; exit 1; }
# shellcheck disable=SC2086 # one name per word
k delete $names >/dev/null
