# tools/bench/report.awk: the benchmark's tables (Markdown, aligned for a terminal too) and the
# chart's data, from the result lines of tools/bench/measure.awk.
#   awk -v machines="q35 microvm" -v paths="pvhefi pvh ..." -v chart=FILE \
#       -f tools/bench/report.awk SIZES NOTAPPLICABLE RESULTS
# SIZES lines: "MACHINE PATH text", NOTAPPLICABLE lines: "MACHINE PATH reason".
# Every figure is "median [min-max]" over the successful boots; "-" where there is no data.
# A ratio is computed round by round (the two boots ran next to each other, under the same
# load on the machine), then the median of those per-round ratios is shown.

FILENAME == ARGV[1] { size[$1, $2] = rest(); next }
FILENAME == ARGV[2] { na[$1, $2] = rest(); next }
$4 == "FAIL" { nfail[$2, $3]++; fails = fails sprintf("- round %s, %s, %s: %s\n", $1, $2, label[$3], rest4()); next }
{
	v[$2, $3, $4, $1] = $5
	if ($4 == "init") nok[$2, $3]++
	if ($4 ~ /^tl:/ && !(($2, $4) in seen)) { seen[$2, $4] = 1; ms[$2] = ms[$2] " " $4 }
	if ($4 == "lv") have_lv = 1
}

BEGIN {
	nm = split(machines, M, " "); np = split(paths, P, " ")
	label["pvhefi"] = "pvhefi"; label["pvh"] = "PVH entry (vmlinux)"; label["qboot"] = "qboot"
	label["seabios"] = "SeaBIOS"; label["ovmf"] = "OVMF"
	rounds = 0
}
function rest(   s) { s = $0; sub(/^[^ ]+ [^ ]+ /, "", s); return s }
function rest4(   s) { s = $0; sub(/^[^ ]+ [^ ]+ [^ ]+ [^ ]+ /, "", s); return s }

# ---- statistics over a[1..n] ------------------------------------------------------------
function sort(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
}
function median(a, n) { sort(a, n); return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
# spread(m, p, key, fmt): "median [min-max]" of that key over the rounds, "-" when none
function spread(m, p, key, fmt,   a, n, r, md) {
	n = 0
	for (r = 1; r <= 1000; r++) if ((m, p, key, r) in v) a[++n] = v[m, p, key, r]
	if (!n) return "-"
	md = median(a, n)
	return a[1] == a[n] ? sprintf(fmt, md) : sprintf(fmt " [" fmt "-" fmt "]", md, a[1], a[n])
}
# ratio(m, p, key, q, key2): median over the rounds of p's key / q's key2 ("" when no pair)
function ratio(m, p, key, q, key2,   a, n, r) {
	n = 0
	for (r = 1; r <= 1000; r++)
		if ((m, p, key, r) in v && (m, q, key2, r) in v && v[m, q, key2, r] > 0)
			a[++n] = v[m, p, key, r] / v[m, q, key2, r]
	return n ? median(a, n) : ""
}
function fx(x) { return x == "" ? "-" : sprintf("%.2fx", x) }

# ---- an aligned Markdown table: cell[1..rows, 1..cols], row 1 the header ----------------
function table(rows, cols,   r, c, w, line) {
	for (c = 1; c <= cols; c++) for (r = 1; r <= rows; r++) if (length(cell[r, c]) > w[c]) w[c] = length(cell[r, c])
	for (r = 1; r <= rows; r++) {
		line = "|"
		for (c = 1; c <= cols; c++) line = line sprintf(" %-" w[c] "s |", cell[r, c])
		print line
		if (r == 1) {
			line = "|"
			for (c = 1; c <= cols; c++) { line = line " " dashes(w[c]) " |" }
			print line
		}
	}
	delete cell
}
function dashes(n,   s) { s = ""; while (n-- > 0) s = s "-"; return s }
function row(r, list,   f, i, k) { k = split(list, f, "\t"); for (i = 1; i <= k; i++) cell[r, i] = f[i] }

END {
	main_table(); print ""
	milestones(); print ""
	targets()
	print ""
	if (fails == "") print "Failed boots: none."
	else { printf "Failed boots (left out of every figure):\n%s", fails }
	chart_data()
}

function main_table(   i, j, m, p, r, hdr, boots) {
	hdr = "machine\tpath\tboots ok\tto init (s)\tQEMU exit (s)\tbefore Linux's clock (s)\t" \
		"init / pvhefi\texit / pvhefi\tMemTotal (KiB)\tfirmware's own (ms)\tfirmware size"
	if (have_lv) hdr = hdr "\t\"Linux version\" (s)"
	row(1, hdr); r = 1
	for (i = 1; i <= nm; i++) for (j = 1; j <= np; j++) {
		m = M[i]; p = P[j]
		if ((m, p) in na) { row(++r, m "\t" label[p] "\tnot run: " na[m, p]); continue }
		boots = (nok[m, p] + 0) "/" (nok[m, p] + nfail[m, p])
		row(++r, m "\t" label[p] "\t" boots "\t" spread(m, p, "init", "%.2f") "\t" \
			spread(m, p, "exit", "%.2f") "\t" spread(m, p, "before", "%.2f") "\t" \
			fx(ratio(m, p, "init", "pvhefi", "init")) "\t" fx(ratio(m, p, "exit", "pvhefi", "exit")) "\t" \
			spread(m, p, "mem", "%d") "\t" spread(m, p, "own", "%.1f") "\t" \
			((m, p) in size ? size[m, p] : "-") (have_lv ? "\t" spread(m, p, "lv", "%.2f") : ""))
	}
	for (j = 1; j <= 11 + have_lv; j++) for (i = 2; i <= r; i++) if (cell[i, j] == "") cell[i, j] = "-"
	table(r, 11 + have_lv)
}

# pvhefi's milestones per machine, in time order, and each one's share of the time to init
function milestones(   i, j, k, m, r, nk, keys, a, t) {
	row(1, "machine\tpvhefi milestone\tms since pvhefi's first instruction\tshare of the time to init"); r = 1
	for (i = 1; i <= nm; i++) {
		m = M[i]
		if ((m, "pvhefi") in na || !nok[m, "pvhefi"]) continue
		nk = split(substr(ms[m], 2), keys, " ")
		for (j = 1; j <= nk; j++) { t = spread(m, "pvhefi", keys[j], "%f"); sub(/ .*/, "", t); a[j] = t + 0 }
		for (j = 2; j <= nk; j++) for (k = j; k > 1 && a[k - 1] > a[k]; k--) { # time order
			t = a[k]; a[k] = a[k - 1]; a[k - 1] = t; t = keys[k]; keys[k] = keys[k - 1]; keys[k - 1] = t }
		for (j = 1; j <= nk; j++)
			row(++r, m "\t" substr(keys[j], 4) "\t" spread(m, "pvhefi", keys[j], "%.1f") "\t" pct(m, keys[j]))
		row(++r, m "\t\"starting the payload ... at N us\" line\t" spread(m, "pvhefi", "sp", "%.1f") "\t" pct(m, "sp"))
		t = spread(m, "pvhefi", "pl", "%.2f")
		row(++r, m "\tthat line's arrival (s since QEMU's start)\t" t (t == "-" ? "" : " s") "\t-")
	}
	if (r == 1) { print "No pvhefi milestones (pvhefi did not boot)."; return }
	table(r, 4)
}
# pct(m, key): median per-round share of pvhefi's key (ms) in its time to init (s)
function pct(m, key,   x) { x = ratio(m, "pvhefi", key, "pvhefi", "init"); return x == "" ? "-" : sprintf("%.2f %%", x / 10) }

# The issue's targets, per machine, from the per-round ratios of the time to init
function targets(   i, m, x, q, t) {
	print "Targets (time to init, median of the per-round ratios):"
	for (i = 1; i <= nm; i++) {
		m = M[i]
		if ((m, "pvhefi") in na) continue
		for (q = 1; q <= np; q++) if (P[q] == "qboot" || P[q] == "seabios") no_slower(m, P[q])
		if ((m, "ovmf") in na) printf "- %s: pvhefi under 40 %% of OVMF: not measurable, %s\n", m, na[m, "ovmf"]
		else if (index(" " paths " ", " ovmf ")) {
			x = ratio(m, "pvhefi", "init", "ovmf", "init")
			if (x == "") printf "- %s: pvhefi under 40 %% of OVMF: no data\n", m
			else printf "- %s: pvhefi takes %.1f %% of OVMF's time (target under 40 %%): %s\n", m, 100 * x,
				x < 0.4 ? sprintf("met, %.1f points to spare", 100 * (0.4 - x)) : sprintf("missed by %.1f points", 100 * (x - 0.4))
		}
		x = ratio(m, "pvhefi", "own", "pvhefi", "init")
		if (x == "") printf "- %s: pvhefi's own time under 1 %% of the boot to userspace: no data\n", m
		else {
			t = spread(m, "pvhefi", "init", "%f"); sub(/ .*/, "", t)
			printf "- %s: pvhefi's own time is %.2f %% of the boot to userspace (target under 1 %%, %.0f ms here): %s\n",
				m, x / 10, 10 * t, x / 10 < 1 ? "met" : sprintf("missed, %.1fx the budget", x / 10)
		}
	}
}
function no_slower(m, q,   x) {
	if ((m, q) in na) { printf "- %s: pvhefi no slower than %s: not measurable, %s\n", m, label[q], na[m, q]; return }
	x = ratio(m, "pvhefi", "init", q, "init")
	if (x == "") { printf "- %s: pvhefi no slower than %s: no data\n", m, label[q]; return }
	printf "- %s: pvhefi takes %.3fx %s's time (target at most 1.00x): %s\n", m, x, label[q],
		x <= 1 ? sprintf("met, pvhefi %.1f %% faster", 100 * (1 / x - 1)) : sprintf("missed, pvhefi %.1f %% slower", 100 * (x - 1))
}

# chart: "x label median min max before-median" per path and machine with data, a gap between machines
function chart_data(   i, j, m, p, x, s, b) {
	if (chart == "") return
	x = 0
	for (i = 1; i <= nm; i++) {
		for (j = 1; j <= np; j++) {
			m = M[i]; p = P[j]
			s = spread(m, p, "init", "%.3f")
			if (s == "-") continue
			gsub(/[\[\]-]/, " ", s); split(s, f, " ")
			b = spread(m, p, "before", "%.3f"); sub(/ .*/, "", b)
			printf "%d \"%s %s\" %s %s %s %s\n", ++x, m, label[p], f[1], f[2] == "" ? f[1] : f[2], f[3] == "" ? f[1] : f[3], b > chart
		}
		x++
	}
}
