"""Writes crates/pyfront/src/source/codec_tables.rs: the upper halves of the single-byte codecs that
coding declarations may name, taken from CPython 3.11's own codecs.

Run: python3 crates/pyfront/scripts/gen_codec_tables.py > crates/pyfront/src/source/codec_tables.rs
Bytes a codec leaves undefined map to 0xFFFF (a decode error).
"""
import sys

assert sys.version_info[:2] == (3, 11), "bless with CPython 3.11"

CODECS = ["cp1252", "cp1251", "cp1250", "koi8_r", "koi8_u", "iso8859_2", "iso8859_5", "iso8859_7",
          "iso8859_15", "mac_roman", "cp437", "cp850"]

print("//! Upper halves (bytes 0x80..=0xFF) of single-byte codecs, generated from CPython 3.11 by")
print("//! `scripts/gen_codec_tables.py`; do not edit by hand. 0xFFFF marks an undefined byte.")
print()
print("pub(crate) static TABLES: &[(&str, [u16; 128])] = &[")
for name in CODECS:
    row = []
    for b in range(0x80, 0x100):
        try:
            s = bytes([b]).decode(name)
            assert len(s) == 1 and ord(s) < 0xFFFF
            row.append("0x%04X" % ord(s))
        except UnicodeDecodeError:
            row.append("0xFFFF")
    print('    ("%s", [' % name)
    for i in range(0, 128, 8):
        print("        " + ", ".join(row[i:i + 8]) + ",")
    print("    ]),")
print("];")
print()
import encodings.aliases
known = set(CODECS) | {"utf_8", "latin_1", "ascii"}
pairs = sorted((k, v) for k, v in encodings.aliases.aliases.items() if v in known)
pairs += [(c, c) for c in sorted(known)]
print("/// `encodings.aliases` entries (normalized name, codec) for the codecs above plus utf_8,")
print("/// latin_1 and ascii, and each codec's own name.")
print("pub(crate) static ALIASES: &[(&str, &str)] = &[")
for k, v in sorted(set(pairs)):
    print('    ("%s", "%s"),' % (k, v))
print("];")
