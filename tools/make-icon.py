# Draws the package icon (src/icon.png, 128×128 RGBA): a small dense network, three layers of nodes joined by
# edges, on a rounded blue square. Standard library only: python3 tools/make-icon.py
import math, struct, zlib

N = 128
layers = [[40, 64, 88], [28, 52, 76, 100], [52, 76]]
xs = [28, 64, 100]
nodes = [(x, y) for x, col in zip(xs, layers) for y in col]
edges = [((xs[i], a), (xs[i + 1], b)) for i in range(2) for a in layers[i] for b in layers[i + 1]]

def seg_dist(px, py, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))

rows = []
for y in range(N):
    row = bytearray([0])
    for x in range(N):
        px, py = x + 0.5, y + 0.5
        # rounded square, radius 20
        cx, cy = min(max(px, 20), N - 20), min(max(py, 20), N - 20)
        inside = math.hypot(px - cx, py - cy) <= 20
        if not inside:
            row += bytes([0, 0, 0, 0])
            continue
        r, g, b = 32, 84 + int(60 * py / N), 170 + int(50 * px / N)
        if min(seg_dist(px, py, a, c) for a, c in edges) < 1.2:
            r, g, b = 150, 190, 240
        if min(math.hypot(px - nx, py - ny) for nx, ny in nodes) < 7:
            r, g, b = 255, 255, 255
        row += bytes([r, g, b, 255])
    rows.append(bytes(row))

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
open("src/icon.png", "wb").write(png)
