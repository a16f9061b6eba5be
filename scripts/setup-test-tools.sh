#!/usr/bin/env bash
# Installs the tools the integration tests drive, when they are missing: headless Chromium (the HTML report
# tests), xmllint (libxml2-utils: junit.xml against the Jenkins JUnit schema) and Debian's Prometheus text
# parser (python3-prometheus-client: the metrics endpoint test), a Celery worker (python3-celery, python3-redis,
# python3-amqp: the Celery target's tests), wrk and Locust (python3-locust: the HTTP benchmarks). Idempotent and quick
# when everything is there; run by ./run-tests before the build.
# Uses Debian's packages (apt-get) and needs root for that; anywhere else it says what to install and the
# tests that need the tool fail with the same message.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
/usr/bin/python3 -c 'import prometheus_client.parser' >/dev/null 2>&1 || need+=(python3-prometheus-client)
# HTTP benchmarks (bench/wrk-compare, bench/locust-compare)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v locust >/dev/null 2>&1 || /usr/bin/python3 -c 'import locust' >/dev/null 2>&1 || need+=(python3-locust)
# celery: the Celery target's integration tests start a real worker (Debian's celery 5.2, redis-py, py-amqp for RabbitMQ)
/usr/bin/python3 -c 'import celery' >/dev/null 2>&1 || need+=(python3-celery)
/usr/bin/python3 -c 'import redis' >/dev/null 2>&1 || need+=(python3-redis)
/usr/bin/python3 -c 'import amqp' >/dev/null 2>&1 || need+=(python3-amqp)

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup-test-tools: installing ${need[*]} from Debian's packages ..."
  export DEBIAN_FRONTEND=noninteractive
  if apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${need[@]}" >/dev/null 2>&1; }; then
    echo "setup-test-tools: installed ${need[*]}"
  else
    # not fatal here: the tests that need the tool fail and say what is missing
    echo "setup-test-tools: could not install ${need[*]} with apt-get; install them by hand" >&2
  fi
else
  echo "setup-test-tools: missing ${need[*]}; install them (Debian/Ubuntu: sudo apt-get install ${need[*]})" >&2
fi
