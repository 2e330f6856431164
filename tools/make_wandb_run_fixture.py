#!/usr/bin/env python3
"""Writes the W&B run-file fixture of tests/data/logs/wandb_run (tst_wandb_run_file).

Our own encoder of the layout W&B's clients write (no wandb package needed): a 7-byte header
(":W&B", uint16 magic 0xBEE1, uint8 version 0), then 32 KiB blocks counted from the start of the
file in LevelDB log framing (uint32 CRC-32 of the type byte and data, uint16 length, uint8 type:
1 FULL, 2 FIRST, 3 MIDDLE, 4 LAST), each record a protobuf Record message: run = 17
(RunRecord: run_id = 1, display_name = 8), history = 2 (HistoryRecord: item = 1 with key = 1,
nested_key = 2 and value_json = 16; step = 2 with num = 1), output = 4 and summary = 3 (not read).

The values are chosen to be checked by hand:
  step s = 0..199: loss = 4 - 0.01 s, lr = 1e-4 (s+1) for s < 10 then 1e-3, trainer/global_step = 8 s
  val_loss at s = 0, 20, ..., 180: 4.1 - 0.01 s
  grad_norm NaN at s = 50 (so left out), a media object under "samples" at s = 100,
  a nested key ("eval", "acc") at s = 0 only, a 70 KB console-output record after step 30 (split
  over blocks), and the summary record at the end.
    python3 tools/make_wandb_run_fixture.py tests/data/logs/wandb_run
"""
import json
import os
import struct
import sys
import zlib

BLOCK = 32768
HEADER = 7


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_bytes(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def field_varint(number, value):
    return varint(number << 3 | 0) + varint(value)


def text(number, s):
    return field_bytes(number, s.encode())


def item(key, value, nested=None):
    body = b""
    if nested:
        body += b"".join(text(2, k) for k in nested)
    else:
        body += text(1, key)
    return field_bytes(1, body + text(16, value))


def history(num, step, items):
    body = b"".join(items) + field_bytes(2, field_varint(1, step))
    return field_varint(1, num) + field_bytes(2, body)


class Framing:
    def __init__(self):
        self.data = bytearray(b":W&B" + struct.pack("<HB", 0xBEE1, 0))

    def fragment(self, kind, chunk):
        crc = zlib.crc32(chunk, zlib.crc32(bytes([kind]))) & 0xFFFFFFFF
        self.data += struct.pack("<IHB", crc, len(chunk), kind) + chunk

    def record(self, payload):
        first = True
        while True:
            left = BLOCK - len(self.data) % BLOCK
            if left < HEADER:
                self.data += b"\0" * left
                continue
            room = left - HEADER
            chunk, payload = payload[:room], payload[room:]
            if first and not payload:
                kind = 1
            elif first:
                kind = 2
            elif payload:
                kind = 3
            else:
                kind = 4
            self.fragment(kind, chunk)
            first = False
            if not payload:
                return


def main(folder):
    run_dir = os.path.join(folder, "wandb", "run-20261205_120000-abc123")
    os.makedirs(os.path.join(run_dir, "files"), exist_ok=True)
    out = Framing()
    num = 1
    out.record(field_varint(1, num) + field_bytes(17, text(1, "abc123") + text(8, "tiny-gpt-wsd")))
    for s in range(200):
        num += 1
        items = [item("_step", str(s)), item("loss", repr(round(4 - 0.01 * s, 10))),
                 item("lr", repr(1e-4 * (s + 1) if s < 10 else 1e-3)),
                 item("trainer/global_step", str(8 * s)),
                 item("_runtime", repr(0.5 * s))]
        if s % 20 == 0:
            items.append(item("val_loss", repr(round(4.1 - 0.01 * s, 10))))
        items.append(item("grad_norm", "NaN" if s == 50 else "1.5"))
        if s == 100:
            items.append(item("samples", json.dumps({"_type": "table-file", "path": "media/t.json"})))
        if s == 0:
            items.append(item("", "0.25", nested=["eval", "acc"]))
        out.record(history(num, s, items))
        if s == 30:
            num += 1
            line = ("x" * 99 + "\n") * 700
            out.record(field_varint(1, num) + field_bytes(4, field_varint(1, 1) + text(3, line)))
    num += 1
    out.record(field_varint(1, num) + field_bytes(3, field_bytes(1, text(1, "loss") + text(16, "2.01"))))
    with open(os.path.join(run_dir, "run-abc123.wandb"), "wb") as f:
        f.write(out.data)
    with open(os.path.join(run_dir, "files", "wandb-summary.json"), "w") as f:
        f.write('{"_step": 199, "loss": 2.01, "lr": 0.001, "val_loss": 2.3, '
                '"_runtime": 99.5, "_timestamp": 1796500000.0, "_wandb": {"runtime": 99}}')


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/logs/wandb_run")
