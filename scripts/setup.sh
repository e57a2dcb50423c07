#!/bin/sh
# Idempotent set-up for a fresh Debian machine with Node 20, run as root:
# installs the Debian packages ecsnet drives when they are missing, then the npm
# dependencies (npm ci also compiles the TypeScript through the `prepare` script).
set -eu
cd "$(dirname "$0")/.."

need=""
command -v ip >/dev/null 2>&1 || need="$need iproute2"
command -v nft >/dev/null 2>&1 || need="$need nftables"
command -v haproxy >/dev/null 2>&1 || need="$need haproxy"
command -v socat >/dev/null 2>&1 || need="$need socat"
command -v ping >/dev/null 2>&1 || need="$need iputils-ping"
# dnsmasq-base: the binary alone (no service binding the host's port 53), the reference of bench/dns-updates.ts
command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || need="$need dnsmasq-base"
if [ -n "$need" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages:$need" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -qq $need >/dev/null
  else
    echo "setup: missing packages:$need (install them as root; kernel tests will be skipped)" >&2
  fi
fi

stamp=node_modules/.ecsnet-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
else
  npm run --silent build
fi
