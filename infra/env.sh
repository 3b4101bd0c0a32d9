# Shulin local infrastructure settings. Source it; every value can be
# overridden by exporting it before sourcing (e.g. SHULIN_VAR=/tmp/x infra/up).
# shellcheck shell=bash disable=SC2034

SHULIN_ROOT="${SHULIN_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
SHULIN_VAR="${SHULIN_VAR:-$SHULIN_ROOT/var}"

if [[ -z "${JAVA_HOME:-}" ]]; then
  if [[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]]; then
    JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
  elif command -v java >/dev/null 2>&1; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  fi
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# Latest patch releases on Maven Central when this was written.
NEO4J_VERSION="${NEO4J_VERSION:-5.26.30}"
KAFKA_VERSION="${KAFKA_VERSION:-3.9.2}"

# Both servers listen on loopback only.
SHULIN_HOST="${SHULIN_HOST:-127.0.0.1}"

NEO4J_BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
NEO4J_USER=neo4j
# Applied only when the database is created (first start after infra/reset).
NEO4J_PASSWORD="${NEO4J_PASSWORD:-shulin-dev-password}"
NEO4J_HEAP="${NEO4J_HEAP:-512m}"
NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-128m}"
NEO4J_START_TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
NEO4J_URI="${NEO4J_URI:-bolt://$SHULIN_HOST:$NEO4J_BOLT_PORT}"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_BOOTSTRAP="${KAFKA_BOOTSTRAP:-$SHULIN_HOST:$KAFKA_PORT}"
KAFKA_TOPICS="${KAFKA_TOPICS:-residents.events activities.events matching.deadletter}"
KAFKA_TOPIC_PARTITIONS="${KAFKA_TOPIC_PARTITIONS:-6}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
# The heap G1 may shrink to when idle: with 256m, three publications of the bench history left
# Kafka at 313 - 327 MiB RSS; with 64m, 268, publishing as fast.
KAFKA_HEAP_MIN="${KAFKA_HEAP_MIN:-64m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"

SHULIN_STOP_TIMEOUT="${SHULIN_STOP_TIMEOUT:-30}"

NEO4J_CACHE="$SHULIN_VAR/cache/neo4j"
KAFKA_CACHE="$SHULIN_VAR/cache/kafka"
NEO4J_DATA="$SHULIN_VAR/data/neo4j"
KAFKA_DATA="$SHULIN_VAR/data/kafka"
SHULIN_CONF="$SHULIN_VAR/conf"
SHULIN_LOG="$SHULIN_VAR/log"
SHULIN_RUN="$SHULIN_VAR/run"

export SHULIN_ROOT SHULIN_VAR JAVA_HOME NEO4J_VERSION KAFKA_VERSION SHULIN_HOST \
  NEO4J_BOLT_PORT NEO4J_URI NEO4J_USER NEO4J_PASSWORD KAFKA_PORT KAFKA_CONTROLLER_PORT \
  KAFKA_BOOTSTRAP KAFKA_TOPICS KAFKA_TOPIC_PARTITIONS
