#!/usr/bin/env python3
"""Packs a single-device btrfs image (SINGLE profiles, one chunk-tree leaf) into as few bytes as
it needs for a fuzz seed: each chunk's used prefix is moved next to the previous one and the
stripe offsets in the superblock's sys_chunk_array and in the chunk tree leaf are rewritten, with
their crc32c checksums. Logical addresses do not change, so every tree stays valid.

    compact-btrfs.py IN OUT
"""
import struct
import sys

SB = 0x10000
BLOCK = 4096


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def seal(buf, start, size):
    struct.pack_into("<I", buf, start, crc32c(bytes(buf[start + 0x20:start + size])))


def main(src, dst):
    img = bytearray(open(src, "rb").read())
    assert img[SB + 0x40:SB + 0x48] == b"_BHRfS_M"
    (csum_type,) = struct.unpack_from("<H", img, SB + 0xC4)
    assert csum_type == 0, "crc32c images only"
    (nodesize,) = struct.unpack_from("<I", img, SB + 0x94)
    (sys_size,) = struct.unpack_from("<I", img, SB + 0xA0)
    (chunk_root,) = struct.unpack_from("<Q", img, SB + 0x58)
    # Stripe-offset fields: (buffer position, logical, length, old physical).
    fields = []
    p = SB + 0x32B
    end = p + sys_size
    while p < end:
        logical = struct.unpack_from("<Q", img, p + 9)[0]
        p += 17
        length = struct.unpack_from("<Q", img, p)[0]
        n = struct.unpack_from("<H", img, p + 44)[0]
        assert n == 1, "SINGLE profiles only"
        fields.append((p + 48 + 8, logical, length, struct.unpack_from("<Q", img, p + 48 + 8)[0]))
        p += 48 + 32 * n
    # The chunk tree root, found through the system chunk, must be one leaf.
    sysc = [f for f in fields if f[1] <= chunk_root < f[1] + f[2]][0]
    leaf = sysc[3] + chunk_root - sysc[1]
    assert img[leaf + 0x64] == 0, "the chunk tree must be one leaf"
    (nritems,) = struct.unpack_from("<I", img, leaf + 0x60)
    for i in range(nritems):
        k = leaf + 0x65 + 25 * i
        objectid, typ, logical, off, size = struct.unpack_from("<QBQII", img, k)
        if typ != 228:
            continue
        item = leaf + 0x65 + off
        length = struct.unpack_from("<Q", img, item)[0]
        fields.append((item + 48 + 8, logical, length, struct.unpack_from("<Q", img, item + 48 + 8)[0]))
    chunks = {}
    for pos, logical, length, phys in fields:
        chunks.setdefault(phys, (length, []))[1].append(pos)
    out = bytearray(img[:SB + 0x1000])
    cursor = len(out)
    moves = {}
    for phys in sorted(chunks):
        length, _ = chunks[phys]
        used = 0
        for blk in range(0, min(length, len(img) - phys), BLOCK):
            if any(img[phys + blk:phys + blk + BLOCK]):
                used = blk + BLOCK
        moves[phys] = cursor
        out += img[phys:phys + used]
        cursor += used
    for phys, (length, positions) in chunks.items():
        for pos in positions:
            if pos < SB + 0x1000:
                struct.pack_into("<Q", out, pos, moves[phys])
            else:
                struct.pack_into("<Q", img, pos, moves[phys])
    # Copy the rewritten chunk leaf into its new place and seal it, then the superblock.
    new_leaf = moves[sysc[3]] + (leaf - sysc[3])
    out[new_leaf:new_leaf + nodesize] = img[leaf:leaf + nodesize]
    seal(out, new_leaf, nodesize)
    seal(out, SB, 0x1000)
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
