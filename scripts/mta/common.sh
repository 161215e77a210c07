# shellcheck shell=sh
# common.sh - helpers of the scripts/mta scripts (sourced):
#   free_port               print a loopback TCP port free right now
#   wait_port PORT          wait up to 10 s until 127.0.0.1:PORT accepts
#   line_add FILE LINE      append LINE to FILE unless it is there already
#   line_del FILE LINE      remove every line equal to LINE from FILE
#   pid_stop PID            SIGTERM, then SIGKILL after 5 s, that one PID
# The two system files check-mta may change get exactly one line each,
# added by the start scripts and removed again by the stop scripts.
# shellcheck disable=SC2034
MTA_DOMAIN=attscan.test
EXIM_ROOT=${ATTSCAN_EXIM_ROOT:-/opt/attscan-mta/exim}
# shellcheck disable=SC2034
EXIM_BIN=$EXIM_ROOT/root/usr/sbin/exim4

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_port() {
	for _ in $(seq 100); do
		python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),1).close()' \
		    "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

line_add() {
	[ -e "$1" ] && grep -qxF -- "$2" "$1" && return 0
	printf '%s\n' "$2" >>"$1"
}

line_del() {
	[ -e "$1" ] || return 0
	grep -qxF -- "$2" "$1" || return 0
	# rewrite in place: keeps the file's owner and mode
	_t=$(grep -vxF -- "$2" "$1")
	if [ -n "$_t" ]; then printf '%s\n' "$_t" >"$1"; else : >"$1"; fi
}

pid_stop() {
	kill "$1" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	return 0
}
