#!/usr/bin/env python3
"""Writes the Keras TensorBoard-callback fixture of tests/data/logs/keras_tensorboard.

Our own TFRecord and protobuf encoder (no TensorFlow needed) of the layout the callback writes
(tf.keras.callbacks.TensorBoard, TF 2): <logdir>/train/ and <logdir>/validation/, each with an
events.out.tfevents.<time>.<host>.<pid>.<n>.v2 file. The train file begins with the file
version, a large graph record (Event.graph_def = 4) and a Keras model record (plugin
"graph_keras_model"), then per epoch a tensor scalar (plugin "scalars", float32) "epoch_loss"
and "epoch_learning_rate"; the validation file "epoch_loss" per epoch and
"evaluation_loss_vs_iterations" at the iteration (a different step axis).

Values, e = epoch 0..11, 50 iterations an epoch:
  train epoch_loss = 3 - 0.1 e, epoch_learning_rate = 1e-3 * 0.5^(e // 4)
  validation epoch_loss = 3.2 - 0.1 e, evaluation_loss_vs_iterations = the same at 50 (e + 1)
    python3 tools/make_keras_tensorboard_fixture.py tests/data/logs/keras_tensorboard
"""
import os
import struct
import sys


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def field(number, wire, payload):
    return varint(number << 3 | wire) + payload


def lengthy(number, payload):
    return field(number, 2, varint(len(payload)) + payload)


def event(step, body):
    return field(1, 1, struct.pack("<d", 1.7965e9 + step)) + field(2, 0, varint(step)) + body


def scalar(tag, value, plugin=b"scalars"):
    tensor = field(1, 0, varint(1)) + lengthy(2, b"") + lengthy(4, struct.pack("<f", value))
    metadata = lengthy(1, lengthy(1, plugin))
    return lengthy(5, lengthy(1, lengthy(1, tag.encode()) + lengthy(8, tensor) + lengthy(9, metadata)))


def record(data):
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", masked(length)) + data + struct.pack("<I", masked(data))


def write(path, events):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(record(field(1, 1, struct.pack("<d", 1.7965e9)) + lengthy(3, b"brain.Event:2")))
        for e in events:
            f.write(record(e))


def main(folder):
    name = "events.out.tfevents.1796500000.host.4242.{}.v2"
    graph = b"\x0a\x05dense" * 2000  # stands for a GraphDef
    train = [event(0, lengthy(4, graph)),
             event(0, scalar("keras", 0.0, b"graph_keras_model"))]
    validation = []
    for e in range(12):
        train.append(event(e, scalar("epoch_loss", 3 - 0.1 * e)))
        train.append(event(e, scalar("epoch_learning_rate", 1e-3 * 0.5 ** (e // 4))))
        validation.append(event(50 * (e + 1), scalar("evaluation_loss_vs_iterations", 3.2 - 0.1 * e)))
        validation.append(event(e, scalar("epoch_loss", 3.2 - 0.1 * e)))
    write(os.path.join(folder, "logs", "train", name.format(0)), train)
    write(os.path.join(folder, "logs", "validation", name.format(1)), validation)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/logs/keras_tensorboard")
