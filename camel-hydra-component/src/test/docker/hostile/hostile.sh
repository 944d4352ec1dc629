#!/bin/sh
# Usage: hostile.sh MODE — each mode tries one thing a sandboxed function must not be able to do.
case "$1" in
  identity)
    # what the process is allowed: printed, so the test can check it
    echo "uid=$(id -u) gid=$(id -g)"
    grep -E '^(CapEff|CapBnd|NoNewPrivs):' /proc/self/status
    if touch /probe 2>/dev/null; then echo "root=writable"; else echo "root=read-only"; fi
    if touch /tmp/probe 2>/dev/null; then echo "tmp=writable"; fi
    echo "interfaces=$(ls /sys/class/net | tr '\n' ' ')"
    ;;
  network)
    # any outside address, the engine's bridge gateway, and a name lookup
    for target in http://1.1.1.1/ http://172.17.0.1:2375/ http://example.com/; do
      if wget -q -T 3 -O - "$target" >/dev/null 2>&1; then echo "REACHED $target"; exit 0; fi
    done
    echo "hostile: no network reachable" >&2
    exit 3
    ;;
  write)
    echo owned > /etc/passwd && echo "WROTE /etc/passwd" && exit 0
    echo owned > /bin/evil && echo "WROTE /bin/evil" && exit 0
    exit 3
    ;;
  fill-tmp)
    # dd's own error last on stderr (not its record counts): it is the reason the test looks for
    out=$(dd if=/dev/zero of=/tmp/fill bs=1M count=1024 2>&1)
    echo "$out" | grep -v records >&2
    exit 3
    ;;
  fork-bomb)
    bomb() { bomb | bomb & }
    bomb
    sleep 600
    ;;
  memory)
    # 1 GiB of zeros held in one shell variable
    big=$(head -c 1073741824 /dev/zero | tr '\0' x)
    echo "allocated ${#big}"
    ;;
  output)
    cat /dev/zero
    ;;
  *)
    echo "hostile: unknown mode $1" >&2
    exit 64
    ;;
esac
