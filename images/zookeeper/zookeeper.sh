#!/bin/sh
# Runs Debian's ZooKeeper server in the foreground with /etc/zookeeper/frh (zoo.cfg, log4j.properties).
# `zookeeper.sh ruok` answers imok when the server is up (health check without a JVM).
set -eu
conf=/etc/zookeeper/frh
if [ "${1:-}" = ruok ]; then
  exec bash -c 'exec 3<>/dev/tcp/127.0.0.1/2181 && echo ruok >&3 && read -r -t 3 -n 4 answer <&3 && echo "$answer" && [ "$answer" = imok ]'
fi
exec java -Dzookeeper.log.dir=/var/log/zookeeper -Dlog4j.configuration="file:$conf/log4j.properties" \
  -XX:+HeapDumpOnOutOfMemoryError ${JVMFLAGS:-} \
  -cp "$conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar" org.apache.zookeeper.server.quorum.QuorumPeerMain "$conf/zoo.cfg"
