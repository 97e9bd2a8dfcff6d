#!/usr/bin/perl
# tools/bench/stamp.pl CMD...: runs CMD with stdout and stderr into a pipe and prefixes every
# line with the seconds since just before the fork (a line is stamped when its newline arrives);
# the last line is "<seconds> QEMU-EXIT <status>" (timeout's 124 when CMD had to be killed).
use strict;
use warnings;
use Time::HiRes qw(time);
pipe(my $r, my $w) or die "pipe: $!";
my $t0 = time;
my $pid = fork // die "fork: $!";
if (!$pid) {
	open(STDOUT, ">&", $w) or die;
	open(STDERR, ">&", $w) or die;
	exec @ARGV or die "exec: $!";
}
close $w;
$| = 1;
while (<$r>) { s/\r//g; printf "%.3f %s", time - $t0, $_ }
waitpid $pid, 0;
printf "%.3f QEMU-EXIT %d\n", time - $t0, $? >> 8;
