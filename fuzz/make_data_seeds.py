#!/usr/bin/env python3
"""Writes the generated seed files of the IDX and CIFAR fuzz targets
(fuzz/idx/corpus, fuzz/cifar/corpus): tiny, valid files in each format, plain
and gzipped, with made-up pixels. None of it is real MNIST or CIFAR data.
Run it again only to change the seeds: the files are kept in git.
"""
import gzip
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent


def pattern(n, salt):
    # Pixels that use the whole 0..255 range, differing between files.
    return bytes((i * 37 + salt * 11) % 256 for i in range(n))


def idx_images(count, rows, cols, salt=0):
    return struct.pack(">IIII", 0x00000803, count, rows, cols) + pattern(count * rows * cols, salt)


def idx_labels(labels):
    return struct.pack(">II", 0x00000801, len(labels)) + bytes(labels)


def cifar_batch(labels, salt=0):
    return b"".join(bytes([label]) + pattern(3 * 32 * 32, salt + i) for i, label in enumerate(labels))


def gz(data):
    # mtime 0: the same bytes every time the script runs.
    return gzip.compress(data, compresslevel=9, mtime=0)


def write(folder, name, data):
    path = HERE / folder / "corpus" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main():
    write("idx", "images-3x5x4.idx", idx_images(3, 5, 4))
    write("idx", "images-2x28x28.idx", idx_images(2, 28, 28, salt=1))
    write("idx", "images-2x28x28.idx.gz", gz(idx_images(2, 28, 28, salt=2)))
    write("idx", "images-1x1x1.idx", idx_images(1, 1, 1))
    write("idx", "images-0x28x28-empty.idx", idx_images(0, 28, 28))
    write("idx", "labels-10.idx", idx_labels(list(range(10))))
    write("idx", "labels-10.idx.gz", gz(idx_labels([9, 0, 8, 1, 7, 2, 6, 3, 5, 4])))
    write("idx", "labels-0-empty.idx", idx_labels([]))

    write("cifar", "batch-1.bin", cifar_batch([3]))
    write("cifar", "batch-2.bin.gz", gz(cifar_batch([0, 9], salt=5)))
    write("cifar", "batch-3.bin", cifar_batch([1, 2, 8], salt=9))
    names = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"
    write("cifar", "batches.meta.txt", names.encode())
    write("cifar", "batches.meta.txt.gz", gz(("\n" + names.replace("\n", "\r\n") + "\n").encode()))


if __name__ == "__main__":
    main()
