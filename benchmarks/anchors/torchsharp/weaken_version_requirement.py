#!/usr/bin/env python3
"""Marks one symbol-version requirement of an ELF64 little-endian shared library as weak, in place.

TorchSharp 0.107's libLibTorchSharp.so is linked by GCC 13 and so requires GLIBCXX_3.4.32, for one symbol only:
_ZSt21ios_base_library_initv, a marker that GCC 13's <iostream> references and that is never called. Older
libstdc++ (Debian 12 ships GLIBCXX_3.4.30) refuses to load the library for it. The dynamic loader skips a missing
version whose Vernaux entry carries VER_FLG_WEAK (ELF gABI, "Symbol Versioning"), so setting that flag is enough.
Writes through a temporary file and a rename. Usage: weaken_version_requirement.py LIB.so [VERSION]
"""
import os
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def weaken(data, version):
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not an ELF64 little-endian file")
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    count = 0
    for _, kind, _, _, offset, _, link, entries, _, _ in sections:
        if kind != SHT_GNU_VERNEED:
            continue
        strings = sections[link][4]
        need = offset
        for _ in range(entries):                      # Elf64_Verneed: vn_version, vn_cnt, vn_file, vn_aux, vn_next
            _, aux_count, _, aux, next_need = struct.unpack_from("<HHIII", data, need)
            entry = need + aux
            for _ in range(aux_count):                # Elf64_Vernaux: vna_hash, vna_flags, vna_other, vna_name, vna_next
                _, flags, _, name, next_aux = struct.unpack_from("<IHHII", data, entry)
                start = strings + name
                if data[start:data.index(b"\0", start)] == version:
                    struct.pack_into("<H", data, entry + 4, flags | VER_FLG_WEAK)
                    count += 1
                entry += next_aux
            need += next_need
    return count


def main():
    path = sys.argv[1]
    version = (sys.argv[2] if len(sys.argv) > 2 else "GLIBCXX_3.4.32").encode()
    with open(path, "rb") as f:
        data = bytearray(f.read())
    count = weaken(data, version)
    if count:
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.chmod(tmp, os.stat(path).st_mode)
        os.replace(tmp, path)
    print(f"{os.path.basename(path)}: {count} requirement(s) of {version.decode()} marked weak")


if __name__ == "__main__":
    main()
