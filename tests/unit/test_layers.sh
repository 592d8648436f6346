#!/usr/bin/env bash
# tests/unit/test_layers.sh - the include rule of fcgi/ (README "Layout"), run by
# `make check`. Tiers: core/ < backends/ < server/ < api/<area>/ < the top (main.c,
# routes.c, taskkinds.c). A file includes its own folder and the tiers below it; an
# api folder also includes its parent folders (api/gateways/nfs → api/gateways), never
# a sibling area. Includes are written from fcgi/ ("core/req.h") and must exist.
#
#   test_layers.sh DIR   checks the fcgi/ tree DIR: prints "FILE:LINE: ..." for each
#                        breach, exits 1 on any
#   test_layers.sh       (make check) checks the real tree, then plants upward,
#                        sideways and allowed includes in copies, and prints
#                        "N passed, N failed"
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# may_include FROM_DIR TO_DIR: whether a file in FROM_DIR may include one in TO_DIR.
may_include() {
	local from=$1 to=$2
	case $from in
	.) return 0 ;;
	core) [ "$to" = core ] ;;
	backends) case $to in core | backends) return 0 ;; *) return 1 ;; esac ;;
	server) case $to in core | backends | server) return 0 ;; *) return 1 ;; esac ;;
	api/*)
		case $to in core | backends | server) return 0 ;; esac
		[ "$to" != api ] && [[ "$from/" == "$to/"* ]]
		;;
	*) return 1 ;; # a folder the rule does not know is a breach until it is named here
	esac
}

check() {
	local root=$1 bad=0 f dir line inc
	while IFS= read -r f; do
		dir=$(dirname "${f#"$root"/}")
		while IFS=: read -r line inc; do
			inc=${inc#*\"} inc=${inc%%\"*}
			if [ ! -f "$root/$inc" ]; then
				echo "${f#"$root"/}:$line: \"$inc\" is not a path from fcgi/"
				bad=1
			elif ! may_include "$dir" "$(dirname "$inc")"; then
				echo "${f#"$root"/}:$line: \"$inc\" points up or sideways from $dir/"
				bad=1
			fi
		done < <(grep -n '^#include "' "$f")
	done < <(find "$root" -name '*.[ch]' | sort)
	return $bad
}

if [ $# -gt 0 ]; then
	check "$1"
	exit
fi

passed=0 failed=0
expect() { # expect OK|FAIL DESCRIPTION DIR [TEXT-IN-OUTPUT]
	local out rc
	out=$(check "$3")
	rc=$?
	if { [ "$1" = OK ] && [ $rc = 0 ]; } ||
		{ [ "$1" = FAIL ] && [ $rc != 0 ] && grep -qF -- "${4:-}" <<<"$out"; }; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAILED: $2 (exit $rc): $out"
	fi
}
expect OK "the real tree keeps the rule" "$here/../../fcgi"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plant() { # plant FILE INCLUDE: a fresh copy of the tree with one include added to FILE
	rm -rf "$tmp/fcgi" && cp -r "$here/../../fcgi" "$tmp/fcgi"
	printf '#include "%s"\n' "$2" >>"$tmp/fcgi/$1"
}
plant core/util.c server/router.h
expect FAIL "core including server" "$tmp/fcgi" 'core/util.c:'
plant backends/db.c api/pools/pools.h
expect FAIL "a backend including a handler" "$tmp/fcgi" '"api/pools/pools.h" points up'
plant api/gateways/nfs/nfs.c api/gateways/iscsi/iscsi.h
expect FAIL "one area including a sibling" "$tmp/fcgi" 'api/gateways/nfs/nfs.c:'
plant api/rbd/rbd.c api/pools/pools.h
expect FAIL "rbd including pools" "$tmp/fcgi" 'api/rbd/rbd.c:'
plant core/req.c core/nothere.h
expect FAIL "an include that is not a path from fcgi/" "$tmp/fcgi" 'is not a path'
plant api/gateways/nfs/nfs.c server/tasks.h
expect OK "a handler including the server tier" "$tmp/fcgi"
plant main.c api/gateways/nfs/nfs.h
expect OK "the top including a handler header" "$tmp/fcgi"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
