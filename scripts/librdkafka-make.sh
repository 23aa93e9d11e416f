#!/usr/bin/env bash
# Sourced by build-librdkafka.sh and build-python-kafka.sh: librdkafka_make SRC PREFIX LOGDIR configures,
# builds and installs the librdkafka source tree SRC into PREFIX, logs in LOGDIR; tails the log on failure.
# SCRAM comes with SSL (OpenSSL); no Cyrus SASL (GSSAPI), no libcurl (OIDC), the built-in LZ4.
librdkafka_make() {
  local src=$1 prefix=$2 logs=$3
  (
    cd "$src"
    ./configure --prefix="$prefix" --enable-ssl --enable-zlib --disable-gssapi --disable-curl --disable-lz4-ext \
      >"$logs/librdkafka-configure.log" 2>&1 || { tail -30 "$logs/librdkafka-configure.log" >&2; exit 1; }
    grep -q 'WITH_SSL *1\|#define WITH_SSL 1' config.h || { echo "librdkafka: configured without SSL" >&2; exit 1; }
    make -j"$(nproc)" libs >"$logs/librdkafka-make.log" 2>&1 || { tail -30 "$logs/librdkafka-make.log" >&2; exit 1; }
    make -C src install >>"$logs/librdkafka-make.log" 2>&1
  )
}
