#!/usr/bin/env bash
# Builds librdkafka 2.8.0 from Debian's own source archive (trixie's librdkafka_2.8.0.orig.tar.gz, checked
# against the sha256 Debian publishes) into a local prefix, so that Debian 12's python3-confluent-kafka can
# log in to Kafka 4: it links librdkafka.so.1, and Debian 12's librdkafka 2.0.2 fails SCRAM against Kafka 4
# (confluentinc/librdkafka#4895, fixed in 2.6.1). Run the client with LD_LIBRARY_PATH=<prefix>/lib and it
# loads this one (librdkafka keeps its ABI within .so.1). Needs only deb.debian.org, which the prerequisites
# already use: no GitHub, no PyPI. About a minute on two cores; a build already in the prefix is kept.
#
# usage: scripts/build-librdkafka.sh
#   HOMEFIRST_LIBRDKAFKA_PREFIX=DIR   where it goes (default: <repo>/.librdkafka, git-ignored)
# scripts/build-python-kafka.sh builds a newer client and librdkafka from GitHub sources instead, where
# GitHub is reachable; tests/stack/python-council.int.test.ts uses whichever is there.
set -euo pipefail
VERSION=2.8.0
SHA256=5bd1c46f63265f31c6bfcedcde78703f77d28238eadf23821c2b43fc30be3e25
URL=http://deb.debian.org/debian/pool/main/libr/librdkafka/librdkafka_$VERSION.orig.tar.gz
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${HOMEFIRST_LIBRDKAFKA_PREFIX:-$ROOT/.librdkafka}
BUILD=$PREFIX/build
# shellcheck source=scripts/librdkafka-make.sh
source "$ROOT/scripts/librdkafka-make.sh"

if grep -qx "Version: $VERSION" "$PREFIX/lib/pkgconfig/rdkafka.pc" 2>/dev/null; then
  echo "› librdkafka $VERSION already in $PREFIX" >&2
  exit 0
fi
for tool in gcc make pkg-config curl; do
  command -v "$tool" >/dev/null || { echo "build-librdkafka: $tool is missing" >&2; exit 1; }
done
echo "› librdkafka $VERSION (Debian's source) → $PREFIX" >&2
mkdir -p "$BUILD"
archive=$BUILD/librdkafka_$VERSION.orig.tar.gz
curl -fsS --retry 3 -o "$archive" "$URL"
echo "$SHA256  $archive" | sha256sum -c --quiet - ||
  { echo "build-librdkafka: $URL does not match Debian's sha256" >&2; exit 1; }
rm -rf "$BUILD/librdkafka-$VERSION"
tar -xzf "$archive" -C "$BUILD"
librdkafka_make "$BUILD/librdkafka-$VERSION" "$PREFIX" "$BUILD"
LD_LIBRARY_PATH="$PREFIX/lib" /usr/bin/python3 -c '
import confluent_kafka, sys
v = confluent_kafka.libversion()[0]
print("Debian python3-confluent-kafka", confluent_kafka.version(), "with librdkafka", v)
sys.exit(0 if v == "'"$VERSION"'" else 1)'
