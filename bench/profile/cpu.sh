#!/usr/bin/env bash
# cpu.sh SECONDS: CPU used by each process over the interval, busiest first (% of one core).
set -euo pipefail
exec python3 - "${1:?seconds}" <<'PY'
import sys
import time
from pathlib import Path


def cpu_ticks() -> dict[str, tuple[int, str]]:
    ticks = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:80]
        except OSError:
            continue
        ticks[proc.name] = (int(fields[11]) + int(fields[12]), cmd)  # utime + stime
    return ticks


seconds = float(sys.argv[1])
before = cpu_ticks()
time.sleep(seconds)
after = cpu_ticks()
rows = sorted(
    ((t - before.get(pid, (0, ""))[0]) / seconds, pid, cmd) for pid, (t, cmd) in after.items()
)[::-1]
for percent, pid, cmd in rows[:12]:
    print(f"{percent:6.1f}% {pid:>7} {cmd}")
print(f"total {sum(r[0] for r in rows):.1f}% of one core")
PY
