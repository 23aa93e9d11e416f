#!/usr/bin/env bash
# Builds librdkafka and Confluent's Python client (confluent-kafka-python) from source into a local prefix,
# for the Python client checks: Debian's librdkafka 2.0.2 cannot authenticate with SCRAM against Kafka 4
# (confluentinc/librdkafka#4895), and PyPI may not be reachable. Needs gcc, make, pkg-config, libssl-dev,
# zlib1g-dev and the system Python's headers (python3-dev); no network when the sources are given. The
# councils' consumer.py also needs Avro for Python (Debian: python3-avro). A librdkafka of this version
# already in the prefix is kept (its build takes minutes).
#
# usage: scripts/build-python-kafka.sh
#   LIBRDKAFKA_SRC=DIR        librdkafka source tree (default: git clone of tag v$VERSION from GitHub)
#   CONFLUENT_KAFKA_SRC=DIR   confluent-kafka-python source tree (default: git clone of tag v$VERSION)
#   HOMEFIRST_PYTHON_KAFKA_PREFIX=DIR   where it goes (default: <repo>/.python-kafka, git-ignored)
# Then: PYTHONPATH=<prefix>/python /usr/bin/python3 … (the extension finds <prefix>/lib by its rpath).
set -euo pipefail
VERSION=2.15.0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${HOMEFIRST_PYTHON_KAFKA_PREFIX:-$ROOT/.python-kafka}
PYTHON=/usr/bin/python3
BUILD=$PREFIX/build
# shellcheck source=scripts/librdkafka-make.sh
source "$ROOT/scripts/librdkafka-make.sh"

source_tree() { # name, given dir, repository
  local dest=$BUILD/$1
  rm -rf "$dest"
  if [ -n "$2" ]; then
    cp -a "$2" "$dest"
  else
    git clone --quiet --depth 1 --branch "v$VERSION" "https://github.com/confluentinc/$3.git" "$dest"
  fi
}

mkdir -p "$BUILD"
for tool in gcc make pkg-config; do
  command -v "$tool" >/dev/null || { echo "build-python-kafka: $tool is missing" >&2; exit 1; }
done
"$PYTHON" -c 'import sysconfig, os; assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' ||
  { echo "build-python-kafka: $PYTHON needs its headers (python3-dev)" >&2; exit 1; }

if grep -qx "Version: $VERSION" "$PREFIX/lib/pkgconfig/rdkafka.pc" 2>/dev/null; then
  echo "› librdkafka $VERSION already in $PREFIX" >&2
else
echo "› librdkafka $VERSION → $PREFIX" >&2
source_tree librdkafka "${LIBRDKAFKA_SRC:-}" librdkafka
librdkafka_make "$BUILD/librdkafka" "$PREFIX" "$BUILD"
fi

echo "› confluent-kafka-python $VERSION → $PREFIX/python" >&2
source_tree confluent-kafka-python "${CONFLUENT_KAFKA_SRC:-}" confluent-kafka-python
rm -rf "$PREFIX/python"
mkdir -p "$PREFIX/python"
# The package's Python files as they are, and its C extension (cimpl) compiled against the librdkafka above
# with gcc directly: Debian 12's setuptools (66) refuses the project's pyproject.toml metadata, and the
# extension is the project's setup.py Extension (these sources, -lrdkafka) and nothing more.
cp -a "$BUILD/confluent-kafka-python/src/confluent_kafka" "$PREFIX/python/"
rm -rf "$PREFIX/python/confluent_kafka/src"
PY_INCLUDE=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
EXT_SUFFIX=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
gcc -shared -fPIC -O2 -I"$PREFIX/include" -I"$PY_INCLUDE" \
  "$BUILD"/confluent-kafka-python/src/confluent_kafka/src/*.c \
  -L"$PREFIX/lib" -lrdkafka -Wl,-rpath,"$PREFIX/lib" \
  -o "$PREFIX/python/confluent_kafka/cimpl$EXT_SUFFIX" >"$BUILD/confluent-kafka-python.log" 2>&1 ||
  { tail -30 "$BUILD/confluent-kafka-python.log" >&2; exit 1; }

PYTHONPATH="$PREFIX/python" "$PYTHON" -c '
import confluent_kafka, sys
v = confluent_kafka.libversion()[0]
print("confluent-kafka", confluent_kafka.version(), "with librdkafka", v)
sys.exit(0 if v.startswith("'"$VERSION"'") else 1)'
