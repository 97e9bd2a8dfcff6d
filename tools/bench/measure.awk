# tools/bench/measure.awk: one boot's time-stamped serial log (tools/bench/stamp.pl) -> results.
#   awk -v round=R -v machine=M -v path=P -v timeout=T -f tools/bench/measure.awk LOG
# Prints "R M P KEY VALUE" lines, or one "R M P FAIL reason" line when the boot failed (no init
# line, no MemTotal, or QEMU did not exit with status 0). KEYs, times in s since QEMU's start:
#   init     the init's first serial line ("BENCH uptime U", tools/bench-init.sh)
#   exit     QEMU's exit
#   before   init minus U: the time before Linux's clock started
#   mem      MemTotal (KiB)
#   lv       the "Linux version" line (only with loglevel=7)
#   sp       pvhefi's "starting the payload (N KiB) at N us" line: the ms it gives
#   pl       when that line arrived (s since QEMU's start)
#   own      pvhefi's own time (ms from its first instruction to the payload's entry): the
#            timeline's payload-entry milestone, else sp
#   tl:NAME  every "pvhefi: timeline: NAME N us" milestone (ms from pvhefi's first instruction)
function out(key, val) { printf "%s %s %s %s %s\n", round, machine, path, key, val }
/BENCH uptime/ && init == "" { init = $1; up = $NF }
/BENCH memtotal/ { mem = $NF }
/Linux version/ && lv == "" { lv = $1 }
/pvhefi: starting the payload \(.*\) at [0-9]+ us/ && sp == "" { sp = $(NF - 1) / 1000; pl = $1 }
match($0, /pvhefi: timeline: [^ ]+ [0-9]+ us/) {
	split(substr($0, RSTART, RLENGTH), f, " ")
	if (!((f[3]) in tl)) { tl[f[3]] = f[4] / 1000; order[++ntl] = f[3] }
}
/ QEMU-EXIT / { ex = $1; rc = $3 }
END {
	why = ""
	if (rc == "") why = "no exit status in the log"
	else if (rc == 124) why = "timed out after " timeout " s"
	else if (init == "") why = "no init line (QEMU status " rc ")"
	else if (mem == "") why = "no MemTotal line (QEMU status " rc ")"
	else if (rc != 0) why = "QEMU status " rc
	if (why != "") { out("FAIL", why); exit }
	out("init", init); out("exit", ex); out("before", sprintf("%.3f", init - up)); out("mem", mem)
	if (lv != "") out("lv", lv)
	if (sp != "") { out("sp", sp); out("pl", pl) }
	for (i = 1; i <= ntl; i++) out("tl:" order[i], tl[order[i]])
	own = ("payload-entry" in tl) ? tl["payload-entry"] : sp
	if (own != "") out("own", own)
}
