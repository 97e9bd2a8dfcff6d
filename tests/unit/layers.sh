#!/bin/sh
# The layers, bottom to top: lib pe runtime services platform boot. A file may include headers
# of its own layer and of the layers below it, never of one above; services/ (and what it
# stands on) includes no Xen header: the platform describes the machine to it.
cd "$(dirname "$0")/../.." || exit 1
LAYERS="lib pe runtime services platform boot"
rank() { i=0; for l in $LAYERS; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo -1; }
bad=0 n=0
for layer in $LAYERS; do
	own=$(rank $layer)
	for f in $(git ls-files "$layer/*.c" "$layer/*.h" "$layer/*.asm"); do
		n=$((n + 1))
		for inc in $(sed -n 's/^#include "\([a-z_]*\)\/.*/\1/p' "$f"); do
			[ "$(rank "$inc")" -le "$own" ] && [ "$(rank "$inc")" -ge 0 ] && continue
			echo "layers: $f includes from $inc/, a layer above $layer/"
			bad=$((bad + 1))
		done
		if sed -n 's/^#include "\(.*\)"/\1/p' "$f" | grep -qv '/'; then
			echo "layers: $f includes a header without its layer's folder: $(sed -n 's/^#include "\([^/]*\)"$/\1/p' "$f" | tr '\n' ' ')"
			bad=$((bad + 1))
		fi
		case $layer in lib | pe | services)
			grep -q '^#include <xen/' "$f" && { echo "layers: $f includes a Xen header"; bad=$((bad + 1)); } ;;
		esac
	done
done
[ "$n" -gt 0 ] || { echo "layers: no files checked"; exit 1; }
echo "layers: $n files, $bad include(s) against the layers"
[ "$bad" -eq 0 ]
