# tap.sh - TAP helpers for the shell tests, sourced by tests/*.t:
#   ok STATUS TEXT       "ok N - TEXT" when STATUS is 0, else "not ok N"
#   is GOT WANT TEXT     ok when GOT equals WANT, showing both
#   skip TEXT WHY        "ok N - TEXT # SKIP WHY"
# The test prints the plan, "1..$n", at its end.
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
