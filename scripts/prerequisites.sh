#!/usr/bin/env bash
# Installs the system packages the hub and its tests need, from Debian, when they are missing:
# a Java 17+ JDK (Kafka and the registry; the JDK's source launcher runs infra/kafka/HubSecurity.java, which
# creates the local Kafka's SCRAM users and ACLs) and Maven, redis-server, openssl (the MLLP listener's local CA and certificates), and Confluent's Python client with
# Avro support for the wire-format test, Chromium for the board's end-to-end test, and Prometheus's promtool for the alert rules' tests. Needs root (CI runs as root); prints what it installs.
set -euo pipefail
need=()
{ command -v java >/dev/null 2>&1 && java --list-modules 2>/dev/null | grep -q '^jdk.compiler@'; } ||
  need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
/usr/bin/python3 -c 'import confluent_kafka.avro, avro, requests' >/dev/null 2>&1 || need+=(python3-confluent-kafka python3-avro python3-requests)
# The board's end-to-end test drives Debian's Chromium with playwright-core (no browser download).
[ -x /usr/bin/chromium ] || need+=(chromium)
# promtool (in Debian's prometheus package) checks the alert rules and runs their unit tests (tests/infra).
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
# scripts/build-librdkafka.sh compiles librdkafka 2.8.0 for the council Python client's test.
for tool in gcc make pkg-config curl; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
dpkg -s libssl-dev >/dev/null 2>&1 || need+=(libssl-dev)
dpkg -s zlib1g-dev >/dev/null 2>&1 || need+=(zlib1g-dev)
if [ "${#need[@]}" -gt 0 ]; then
  echo "› installing from Debian: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
