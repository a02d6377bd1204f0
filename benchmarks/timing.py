"""Shared helpers for star's benchmark scripts: run a command repeatedly and measure its own CPU time
(user + system, from the kernel's accounting of the child) and wall time."""
import os
import resource
import statistics
import subprocess
import time


def measure(command, runs=20, prepare=None, env=None):
    """Returns (mean wall seconds, mean cpu seconds, peak RSS in MiB) over `runs` runs."""
    walls, cpus, peak = [], [], 0
    for _ in range(runs):
        if prepare:
            prepare()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(command)} exited with {code}")
        del before
    return statistics.mean(walls), statistics.mean(cpus), peak


def row(label, result):
    wall, cpu, rss = result
    return f"| {label} | {wall * 1000:.1f} | {cpu * 1000:.1f} | {rss:.0f} |"


def header():
    return "| command | wall ms (mean) | own CPU ms (user+sys, mean) | peak RSS MiB |\n| --- | ---: | ---: | ---: |"
