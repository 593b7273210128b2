#!/usr/bin/env python3
"""Warm start of `dropdeck --demo` to its first painted frame.

Run it inside build-aux/with-session.sh (Xvfb + cairo + a private bus):

    build-aux/with-session.sh /usr/bin/python3 tests/bench/bench-startup.py _build [RUNS]

The app prints one probe line when its first frame with the demo drop's pages
populated has been painted (DROPDECK_FIRST_FRAME_PROBE=1) and quits
(DROPDECK_EXIT_AFTER_FIRST_FRAME=1). The first run seeds the demo profile and
warms the caches; it is not counted. Prints the figures and the machine's
context; asserts nothing (the issue's targets: <= 300 ms, <= 120 MB RSS).
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

PROBE = "DROPDECK_FIRST_FRAME "


def machine_context():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg()
    return (f"{model}, {os.cpu_count()} cores, Linux {platform.release()}, "
            f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
            f"GSK_RENDERER={os.environ.get('GSK_RENDERER', '(default)')}")


def one_run(binary, env):
    start = time.monotonic()
    proc = subprocess.Popen([binary, "--demo"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    probe = None
    for line in proc.stdout:
        if line.startswith(PROBE):
            wall_ms = (time.monotonic() - start) * 1000.0
            probe = json.loads(line[len(PROBE):])
            probe["wall_ms"] = wall_ms
            break
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if probe is None:
        raise SystemExit(f"bench-startup: {binary} exited ({proc.returncode}) without a first-frame probe")
    return probe


def main():
    builddir = sys.argv[1] if len(sys.argv) > 1 else "_build"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    binary = os.path.join(builddir, "src", "dropdeck")
    env = dict(os.environ)
    env["DROPDECK_FIRST_FRAME_PROBE"] = "1"
    env["DROPDECK_EXIT_AFTER_FIRST_FRAME"] = "1"
    env.setdefault("GSETTINGS_SCHEMA_DIR", os.path.join(builddir, "data"))
    env["GSETTINGS_BACKEND"] = "memory"
    with tempfile.TemporaryDirectory(prefix="dropdeck-bench-") as data_home:
        env["XDG_DATA_HOME"] = data_home
        one_run(binary, env)  # seeds the demo profile, warms caches
        samples = [one_run(binary, env) for _ in range(runs)]

    since_main = [s["since_main_ms"] for s in samples]
    wall = [s["wall_ms"] for s in samples]
    rss_mb = [s["rss_kb"] / 1024.0 for s in samples]
    print(f"machine: {machine_context()}")
    print(f"runs: {runs} warm (after 1 seeding run)")
    print(f"first frame since main(): median {statistics.median(since_main):.1f} ms "
          f"(min {min(since_main):.1f}, max {max(since_main):.1f})")
    print(f"first frame since exec:   median {statistics.median(wall):.1f} ms "
          f"(min {min(wall):.1f}, max {max(wall):.1f})")
    print(f"RSS at first frame:       median {statistics.median(rss_mb):.1f} MB "
          f"(max {max(rss_mb):.1f})")
    print("targets: first frame <= 300 ms, RSS <= 120 MB")


if __name__ == "__main__":
    main()
