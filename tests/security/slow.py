"""slow.py PORT N SECONDS: N clients from 127.0.0.2 each send a request a
byte every 4 s (never finishing it), one client from 127.0.0.3 sends
nothing, and meanwhile a normal client on 127.0.0.1 asks GET /api/info
every half second. After SECONDS it prints, one per line:
  normal OK/ALL WORST   (answered 200 / asked; the slowest answer, s)
  held MAX               (the most trickling connections open at once)
  closed N LATEST        (trickling connections the server closed; the
                          latest close, s after its connection was made)
  open N                 (trickling connections still open at the end)
  idle CLOSED_AFTER      (when the silent connection was closed, s; -1: not)
"""
import socket
import sys
import time

port, n, secs = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
req = ("GET /api/info HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port).encode()


def connect(src):
    s = socket.socket()
    s.bind((src, 0))
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    return s


t0 = time.time()
slow = [[connect("127.0.0.2"), time.time(), None, 0] for _ in range(n)]  # sock, opened, closed, bytes sent
idle = connect("127.0.0.3")
idle_closed = -1.0
normal_ok = normal_all = 0
worst = 0.0
held = 0
next_trickle = t0
next_normal = t0 + 1


def alive(e):
    """False when the server closed it (EOF or reset)."""
    try:
        if e[0].recv(4096) == b"":
            return False
    except BlockingIOError:
        return True
    except OSError:
        return False
    return True  # it answered something; still open


while time.time() - t0 < secs:
    now = time.time()
    for e in slow:
        if e[2] is None and not alive(e):
            e[2] = now - e[1]
    if idle_closed < 0 and not alive([idle]):
        idle_closed = now - t0
    open_long = sum(1 for e in slow if e[2] is None and now - e[1] > 1.0)
    held = max(held, open_long)
    if now >= next_trickle:
        for e in slow:
            if e[2] is None and e[3] < len(req) - 1:
                try:
                    e[0].send(req[e[3]:e[3] + 1])
                    e[3] += 1
                except (BlockingIOError, OSError):
                    pass
        next_trickle = now + 4
    if now >= next_normal:
        a = time.time()
        normal_all += 1
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=5)
            c.sendall(req)
            got = b""
            while b"\r\n" not in got:
                d = c.recv(4096)
                if not d:
                    break
                got += d
            if got.startswith(b"HTTP/1.1 200"):
                normal_ok += 1
            c.close()
        except OSError:
            pass
        worst = max(worst, time.time() - a)
        next_normal = now + 0.5
    time.sleep(0.05)

closed = [e[2] for e in slow if e[2] is not None]
print("normal %d/%d %.2f" % (normal_ok, normal_all, worst))
print("held %d" % held)
print("closed %d %.1f" % (len(closed), max(closed) if closed else -1))
print("open %d" % sum(1 for e in slow if e[2] is None))
print("idle %.1f" % idle_closed)
