#!/usr/bin/env bash
# Build Citus from a source tree into a local prefix and run a three-node
# cluster (coordinator 9700, workers 9701/9702) under var/citus/, for tests
# and benchmarks. The machine's own PostgreSQL (5432) is never touched: the
# PostgreSQL binaries are copied into the prefix so that PostgreSQL's
# relocatable-install logic finds the prefix's share/ and lib/ directories,
# which hold symlinks to the system files plus Citus's own.
#
# Usage (from the repository root):
#   platform/citus/build_cluster.sh build /path/to/citus-source   # configure + make + install into prefix
#   platform/citus/build_cluster.sh init                          # initdb three nodes, start, add workers
#   platform/citus/build_cluster.sh start|stop|status|destroy
#   platform/citus/build_cluster.sh createdb NAME                 # database with citus on all three nodes
#
# Environment: CITUS_VAR (default ./var/citus), PG_CONFIG (default pg_config),
# CITUS_PORTS (default "9700 9701 9702"), JOBS (default 2).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VAR="${CITUS_VAR:-$ROOT/var/citus}"
PG_CONFIG="${PG_CONFIG:-pg_config}"
PREFIX="$VAR/prefix"
read -r -a PORTS <<<"${CITUS_PORTS:-9700 9701 9702}"
JOBS="${JOBS:-2}"
HOST=127.0.0.1
NODES=(coordinator worker1 worker2)

SYS_BINDIR="$($PG_CONFIG --bindir)"
SYS_SHAREDIR="$($PG_CONFIG --sharedir)"
SYS_PKGLIBDIR="$($PG_CONFIG --pkglibdir)"
# The prefix mirrors the system layout below $PREFIX so relative paths match.
BINDIR="$PREFIX$SYS_BINDIR"
SHAREDIR="$PREFIX$SYS_SHAREDIR"
PKGLIBDIR="$PREFIX$SYS_PKGLIBDIR"

log() { printf '[citus] %s\n' "$*" >&2; }

# PostgreSQL refuses to run as root: run the servers as CITUS_OS_USER (default postgres).
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "${CITUS_OS_USER:-postgres}" -- "$@"
	else
		"$@"
	fi
}

patch_source() {
	# Debian's PostgreSQL 15.x backports have_createdb_privilege() as an extern
	# in commands/dbcommands.h; Citus defines its own static inline copy for
	# PG 15, which clashes. Turn Citus's copy into an extern declaration.
	local header="$1/src/include/pg_version_compat.h"
	if grep -q 'extern bool have_createdb_privilege' "$($PG_CONFIG --includedir-server)/commands/dbcommands.h"; then
		if grep -q '^have_createdb_privilege(void)$' "$header"; then
			log "patching have_createdb_privilege in $header"
			python3 - "$header" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
pattern = re.compile(r"static inline bool\nhave_createdb_privilege\(void\)\n\{.*?\n\}\n", re.S)
text, n = pattern.subn("extern bool have_createdb_privilege(void);\n", text, count=1)
assert n == 1, "have_createdb_privilege body not found"
open(path, "w").write(text)
PY
		fi
	fi
}

cmd_build() {
	local src="${1:?usage: build CITUS_SOURCE_DIR}"
	src="$(cd "$src" && pwd)"
	patch_source "$src"
	(
		cd "$src"
		if [ ! -f Makefile.global ]; then
			log "configure"
			./configure --with-pg-config="$(command -v "$PG_CONFIG")" >"$VAR.configure.log" 2>&1 ||
				{ tail -20 "$VAR.configure.log"; exit 1; }
		fi
		log "make -j$JOBS (nice)"
		# with_llvm=no: no JIT bitcode, which would double the compile time.
		nice make -j"$JOBS" with_llvm=no >"$VAR.make.log" 2>&1 || { tail -30 "$VAR.make.log"; exit 1; }
		log "install into $PREFIX"
		make install with_llvm=no DESTDIR="$PREFIX" >"$VAR.install.log" 2>&1 || { tail -30 "$VAR.install.log"; exit 1; }
	)
	link_prefix
	log "built: $("$BINDIR/postgres" --version)"
}

link_prefix() {
	# Copy (not symlink: PostgreSQL resolves symlinks to find its home) the
	# server binaries; symlink everything else from the system installation.
	mkdir -p "$BINDIR" "$SHAREDIR/extension" "$PKGLIBDIR"
	for b in postgres initdb pg_ctl; do
		cp -f "$SYS_BINDIR/$b" "$BINDIR/$b"
	done
	for b in "$SYS_BINDIR"/*; do
		[ -e "$BINDIR/$(basename "$b")" ] || ln -s "$b" "$BINDIR/$(basename "$b")"
	done
	for f in "$SYS_SHAREDIR"/*; do
		[ "$(basename "$f")" = extension ] && continue
		[ -e "$SHAREDIR/$(basename "$f")" ] || ln -s "$f" "$SHAREDIR/$(basename "$f")"
	done
	for f in "$SYS_SHAREDIR"/extension/*; do
		[ -e "$SHAREDIR/extension/$(basename "$f")" ] || ln -s "$f" "$SHAREDIR/extension/$(basename "$f")"
	done
	for f in "$SYS_PKGLIBDIR"/*; do
		[ -e "$PKGLIBDIR/$(basename "$f")" ] || ln -s "$f" "$PKGLIBDIR/$(basename "$f")"
	done
}

psql_on() { # port, db, sql...
	local port="$1" db="$2"
	shift 2
	psql -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$port" -U postgres -d "$db" "$@"
}

cmd_init() {
	[ -x "$BINDIR/postgres" ] || { log "not built: run '$0 build SRC' first"; exit 1; }
	mkdir -p "$VAR/run"
	[ "$(id -u)" = 0 ] && chown "${CITUS_OS_USER:-postgres}" "$VAR" "$VAR/run"
	local i
	for i in 0 1 2; do
		local dir="$VAR/${NODES[$i]}" port="${PORTS[$i]}"
		if [ ! -f "$dir/PG_VERSION" ]; then
			log "initdb ${NODES[$i]} ($port)"
			as_owner "$BINDIR/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
			cat >>"$dir/postgresql.conf" <<CONF
# --- Sinergi local Citus cluster ---
port = $port
listen_addresses = '$HOST'
unix_socket_directories = '$VAR/run'
shared_preload_libraries = 'citus'
citus.enable_schema_based_sharding = on
max_connections = 120
shared_buffers = 64MB
wal_level = logical
max_replication_slots = 10
max_wal_senders = 10
fsync = off
synchronous_commit = off
full_page_writes = off
citus.enable_statistics_collection = off
CONF
		fi
	done
	cmd_start
	cmd_createdb postgres
}

cmd_start() {
	local i
	for i in 0 1 2; do
		local dir="$VAR/${NODES[$i]}"
		if as_owner "$BINDIR/pg_ctl" -D "$dir" status >/dev/null 2>&1; then continue; fi
		as_owner "$BINDIR/pg_ctl" -D "$dir" -l "$VAR/${NODES[$i]}.log" -w start >/dev/null
		log "started ${NODES[$i]} on ${PORTS[$i]}"
	done
}

cmd_stop() {
	local i
	for i in 2 1 0; do
		as_owner "$BINDIR/pg_ctl" -D "$VAR/${NODES[$i]}" -m fast -w stop >/dev/null 2>&1 || true
	done
	log "stopped"
}

cmd_status() {
	local i
	for i in 0 1 2; do
		as_owner "$BINDIR/pg_ctl" -D "$VAR/${NODES[$i]}" status >/dev/null 2>&1 &&
			echo "${NODES[$i]} ${PORTS[$i]} running" || echo "${NODES[$i]} ${PORTS[$i]} stopped"
	done
	psql_on "${PORTS[0]}" postgres -c "select nodename, nodeport, groupid, noderole from pg_dist_node order by nodeid" 2>/dev/null || true
}

cmd_destroy() {
	cmd_stop
	rm -rf "$VAR/coordinator" "$VAR/worker1" "$VAR/worker2" "$VAR/run"
	log "destroyed data directories (prefix kept)"
}

cmd_createdb() {
	# A database Citus can use: created on every node, extension everywhere,
	# workers registered on the coordinator. Idempotent.
	local db="${1:?usage: createdb NAME}" i
	for i in 0 1 2; do
		local port="${PORTS[$i]}"
		if [ "$db" != postgres ] && [ -z "$(psql_on "$port" postgres -tAc "select 1 from pg_database where datname = '$db'")" ]; then
			psql_on "$port" postgres -c "create database \"$db\""
		fi
		psql_on "$port" "$db" -c "create extension if not exists citus"
	done
	psql_on "${PORTS[0]}" "$db" -c "select citus_set_coordinator_host('$HOST', ${PORTS[0]})" >/dev/null
	for i in 1 2; do
		if [ -z "$(psql_on "${PORTS[0]}" "$db" -tAc "select 1 from pg_dist_node where nodeport = ${PORTS[$i]}")" ]; then
			psql_on "${PORTS[0]}" "$db" -c "select citus_add_node('$HOST', ${PORTS[$i]})" >/dev/null
		fi
	done
	log "database $db ready on the cluster"
}

cmd_dropdb() {
	local db="${1:?usage: dropdb NAME}" i
	for i in 0 1 2; do
		psql_on "${PORTS[$i]}" postgres -c "drop database if exists \"$db\" with (force)"
	done
}

mkdir -p "$VAR"
case "${1:-}" in
build) shift; cmd_build "$@" ;;
init) cmd_init ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
destroy) cmd_destroy ;;
createdb) shift; cmd_createdb "$@" ;;
dropdb) shift; cmd_dropdb "$@" ;;
*) sed -n '2,17p' "$0"; exit 2 ;;
esac
