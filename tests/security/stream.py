"""stream.py PORT METHOD PATH [HEADER...]: sends a request whose body never
ends (4 KiB chunks, which libmicrohttpd reads one by one, chunked unless a Content-Length header is given; a
Transfer-Encoding header given replaces "chunked" in the request) for at
most 10 s, and prints what happened: the bytes of body sent, the seconds,
the status line of the answer (or "none") and how the connection ended
(answer, closed, reset or time). The security tests read it."""
import socket
import sys
import time

port, method, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
headers = sys.argv[4:]
chunked = not any(h.lower().startswith("content-length:") for h in headers)
head = "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (method, path, port)
if chunked and not any(h.lower().startswith("transfer-encoding:") for h in headers):
    head += "Transfer-Encoding: chunked\r\n"
head += "".join(h + "\r\n" for h in headers) + "\r\n"
s = socket.create_connection(("127.0.0.1", port))
s.sendall(head.encode())
# an answer to the headers alone comes first (read before any body is
# sent, so that no reset of the connection can overtake it)
s.settimeout(0.3)
try:
    early = s.recv(65536)
except socket.timeout:
    early = None
s.setblocking(False)
data = b"a" * 4096
piece = (b"%x\r\n" % len(data) + data + b"\r\n") if chunked else data
# the body is one form field that never ends: note=aaaa...
first = b"note=" + data[5:]
first = (b"%x\r\n" % len(first) + first + b"\r\n") if chunked else first
sent, answer, end, t0 = 0, b"", "time", time.time()
if early is not None:
    answer, end = early, "answer" if early else "closed"
while early is None and time.time() - t0 < 10:
    try:
        s.send(first if sent == 0 else piece)
        sent += len(data)
    except BlockingIOError:
        time.sleep(0.002)
    except (BrokenPipeError, ConnectionResetError):
        end = "reset"
        break
    try:
        got = s.recv(65536)
        if not got:
            end = "closed"
            break
        answer += got
        if b"\r\n\r\n" in answer:
            end = "answer"
            break
    except BlockingIOError:
        pass
    except ConnectionResetError:
        end = "reset"
        break
line = answer.split(b"\r\n")[0].decode("latin-1") if answer else "none"
print("%d %.2f %s %s" % (sent, time.time() - t0, end, line.replace(" ", "_")))
