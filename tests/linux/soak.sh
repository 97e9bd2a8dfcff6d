#!/bin/sh
# make soak: Debian's kernels booted through pvhefi again and again, round the combinations of
# kernel (6.1, 6.12), machine (q35, pc, microvm), vCPUs (1, 2) and where the initrd comes from
# (embedded, a QEMU -initrd module), each checked from inside Linux as tests/linux/run.sh does
# (but MemTotal, which needs the baselines run.sh measures). Every failure is reported with its
# log, which is kept under build/test-logs/soak/; the logs of boots that passed are not.
#   tests/linux/soak.sh [BOOTS]      (default 200; make check runs a short soak of 12)
cd "$(dirname "$0")/../.." || exit 1
BOOTS=${1:-200}
. tests/linux/lib.sh
SOAK=build/test-logs/soak
COMBOS=24 # 2 kernels x 3 machines x 2 vCPU counts x 2 initrd sources

# combo N: sets c_k c_m c_cpus c_src for combination N (0-23). The kernel changes fastest, then
# the machine, the vCPUs, the initrd's source: any 12 boots in a row see both kernels on every
# machine with 1 and 2 vCPUs.
combo() {
	set -- $(($1 % 2)) $(($1 / 2 % 3)) $(($1 / 6 % 2)) $(($1 / 12 % 2))
	c_k=$([ "$1" = 0 ] && echo 6.1 || echo 6.12)
	c_m=$(echo "q35 pc microvm" | cut -d' ' -f$(($2 + 1)))
	c_cpus=$(($3 + 1))
	c_src=$([ "$4" = 0 ] && echo embedded || echo module)
}

rm -rf $SOAK && mkdir -p $SOAK $W
make_piece embedded 512 && make_piece module 2048 || { echo "soak: cannot make the initrd pieces"; exit 1; }
start=$(now)
# Kernel by kernel (each prepared once), the boots of that kernel's half of the combinations.
for k in 6.1 6.12; do
	prepare "$k" || continue
	n=0
	while [ $n -lt "$BOOTS" ]; do
		combo $((n % COMBOS))
		if [ "$c_k" = "$k" ]; then
			LOGDIR=$SOAK/$n && mkdir -p "$LOGDIR"
			failed_before=$FAILED
			efi_boot "$k" "$c_m" 512 "$c_cpus" "$c_src"
			[ "$FAILED" = "$failed_before" ] && rm -rf "$LOGDIR"
		fi
		n=$((n + 1))
	done
done
echo "soak: $BOOTS boots in $(($(now) - start)) s, $FAILED failed (their logs: $SOAK/<boot>/)"
summary "soak"
