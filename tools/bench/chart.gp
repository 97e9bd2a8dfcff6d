# tools/bench/chart.gp: the benchmark's chart, from tools/bench/report.awk's chart data.
#   gnuplot -e "data='build/bench/chart.dat'; out='build/bench/bench.png'; title='...'" tools/bench/chart.gp
# Per path and machine: the median time to init (bar) with its min-max range (error bar), and
# the median time before Linux's clock (the darker part: QEMU, firmware, EFI stub, decompression).
set terminal pngcairo size 900,480 font ",9"
set output out
set title title noenhanced
set ylabel "seconds since QEMU started"
set yrange [0:*]
set xrange [0:*]
set grid ytics
set style fill solid 0.9 border -1
set boxwidth 0.7
set xtics rotate by -35 noenhanced nomirror
set key top left noenhanced
if (exists("note") && note ne "") set label 1 note at graph 0.99, graph 0.96 right noenhanced
plot data using 1:3:xtic(2) with boxes lc rgb "#9ecae1" title "time to init (median)", \
     ''   using 1:6 with boxes lc rgb "#3182bd" title "before Linux's clock (median)", \
     ''   using 1:3:4:5 with yerrorbars lc rgb "black" pt 7 ps 0 title "time to init, min-max", \
     ''   using 1:($5):(sprintf("%.2f", $3)) with labels offset 0,0.7 notitle
