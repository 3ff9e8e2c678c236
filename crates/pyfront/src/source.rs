//! Source decoding as CPython does it: a UTF-8 BOM, PEP 263 coding declarations on the first two
//! lines, UTF-8 by default.

mod codec_tables;

use crate::error::SyntaxError;

/// A decoded source and the encoding that decoded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without its BOM.
    pub text: String,
    /// The encoding name `tokenize` reports in its ENCODING token: `"utf-8"` by default or with a
    /// BOM, otherwise the declaration's name as `tokenize._get_normal_name` spells it.
    pub encoding: String,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a source file's bytes the way `tokenize.detect_encoding` and CPython's tokenizer do.
pub fn decode(bytes: &[u8]) -> Result<Decoded, SyntaxError> {
    let (bom, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let mut declared = None;
    let mut lines = body.split_inclusive(|&b| b == b'\n');
    if let Some(first) = lines.next() {
        declared = find_cookie(first, 1)?;
        if declared.is_none()
            && is_blank_or_comment(first)
            && let Some(second) = lines.next()
        {
            declared = find_cookie(second, 2)?;
        }
    }
    let encoding = match declared {
        None => "utf-8".to_owned(),
        Some(name) => {
            if bom && name != "utf-8" {
                return Err(SyntaxError::new("encoding problem: utf-8", 1, 0, 1, 0));
            }
            name
        }
    };
    let text = decode_with(&encoding, body)?;
    Ok(Decoded { text, encoding })
}

/// Source bytes decoded as `compile()` decodes them (the C tokenizer's `decode_str`), which differs from `tokenize`:
/// errors before tokenizing have line 0 and offset -1, and UTF-8 source is not checked up front (bytes that are
/// not UTF-8 are an error only where a token holds them, and comments may hold any).
#[derive(Clone, Debug)]
pub struct CompileSource {
    /// The text, without its BOM; each maximal invalid UTF-8 sequence is replaced by U+FFFD.
    pub text: String,
    /// The replacements made: (offset in `text`, offset in the bytes after the BOM, length in bytes).
    pub replaced: Vec<(u32, u32, u32)>,
    /// The source declares its encoding (a BOM or a coding cookie): error columns are then characters.
    pub declared: bool,
    /// Length of the BOM removed (0 or 3).
    pub bom: usize,
}

/// Decodes source bytes for parsing as `compile(bytes, ...)` does.
pub fn decode_for_compile(bytes: &[u8]) -> Result<CompileSource, SyntaxError> {
    let (bom, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (BOM.len(), rest),
        None => (0, bytes),
    };
    let mut lines = body.split_inclusive(|&b| b == b'\n');
    let mut cookie = None;
    if let Some(first) = lines.next() {
        cookie = cookie_name(first);
        if cookie.is_none()
            && is_blank_or_comment(first)
            && let Some(second) = lines.next()
        {
            cookie = cookie_name(second);
        }
    }
    let declared = bom > 0 || cookie.is_some();
    if let Some(name) = cookie {
        let normal = normal_name(name);
        if bom > 0 && normal != "utf-8" {
            return Err(SyntaxError::before_tokenizing(format!("encoding problem: {normal} with BOM")));
        }
        let Some(codec) = codec_of(&normal) else {
            return Err(SyntaxError::before_tokenizing(format!("unknown encoding: {normal}")));
        };
        if codec != "utf_8" {
            let text =
                decode_with(&normal, body).map_err(|_| SyntaxError::before_tokenizing(codec_error(codec, body)))?;
            return Ok(CompileSource { text, replaced: Vec::new(), declared, bom });
        }
    }
    let mut text = String::with_capacity(body.len());
    let mut replaced = Vec::new();
    let mut rest = body;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                text.push_str(s);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                text.push_str(std::str::from_utf8(good).unwrap_or_default());
                let n = e.error_len().unwrap_or(bad.len());
                let raw = (body.len() - bad.len()) as u32;
                replaced.push((text.len() as u32, raw, n as u32));
                text.push('\u{FFFD}');
                rest = &bad[n..];
            }
        }
    }
    Ok(CompileSource { text, replaced, declared, bom })
}

/// `str(UnicodeDecodeError)` for the first byte of `body` that `codec` cannot decode.
fn codec_error(codec: &str, body: &[u8]) -> String {
    if codec == "ascii" {
        let at = body.iter().position(|&b| b >= 0x80).unwrap_or(0);
        return format!(
            "'ascii' codec can't decode byte 0x{:02x} in position {at}: ordinal not in range(128)",
            body[at]
        );
    }
    let table = codec_tables::TABLES.iter().find(|(n, _)| *n == codec).map(|(_, t)| t);
    let at =
        body.iter().position(|&b| b >= 0x80 && table.is_none_or(|t| t[usize::from(b - 0x80)] == 0xFFFF)).unwrap_or(0);
    format!("'charmap' codec can't decode byte 0x{:02x} in position {at}: character maps to <undefined>", body[at])
}

/// What Python's UTF-8 decoder says of the first invalid sequence in `bytes`: its position, length and reason.
pub(crate) fn utf8_error(bytes: &[u8]) -> Option<(usize, usize, &'static str)> {
    let e = std::str::from_utf8(bytes).err()?;
    let at = e.valid_up_to();
    Some(match e.error_len() {
        None => (at, bytes.len() - at, "unexpected end of data"),
        Some(n) if (0xC2..=0xF4).contains(&bytes[at]) => (at, n, "invalid continuation byte"),
        Some(n) => (at, n, "invalid start byte"),
    })
}

/// `str(UnicodeDecodeError)` of UTF-8 decoding `bytes`, whose first invalid sequence is the one described.
pub(crate) fn utf8_error_message(bytes: &[u8], (at, len, reason): (usize, usize, &str)) -> String {
    if len <= 1 {
        format!("'utf-8' codec can't decode byte 0x{:02x} in position {at}: {reason}", bytes[at])
    } else {
        format!("'utf-8' codec can't decode bytes in position {at}-{}: {reason}", at + len - 1)
    }
}

/// `tokenize.blank_re`: a line holding only whitespace, or whitespace then a comment.
fn is_blank_or_comment(line: &[u8]) -> bool {
    let rest = skip_ws(line, 0);
    matches!(line.get(rest), None | Some(b'#' | b'\r' | b'\n'))
}

fn skip_ws(line: &[u8], mut i: usize) -> usize {
    while matches!(line.get(i), Some(b' ' | b'\t' | b'\x0c')) {
        i += 1;
    }
    i
}

/// `tokenize.find_cookie`: the declared encoding of one of the first two lines, normalized by
/// `_get_normal_name`, and checked to name a codec we have.
fn find_cookie(line: &[u8], lineno: u32) -> Result<Option<String>, SyntaxError> {
    if std::str::from_utf8(line).is_err() {
        return Err(SyntaxError::new("invalid or missing encoding declaration", lineno, 0, lineno, 0));
    }
    let Some(name) = cookie_name(line) else { return Ok(None) };
    let normal = normal_name(name);
    if codec_of(&normal).is_none() {
        return Err(SyntaxError::new(format!("unknown encoding: {normal}"), lineno, 0, lineno, 0));
    }
    Ok(Some(normal))
}

/// The name in `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)` (ASCII), if the line matches.
fn cookie_name(line: &[u8]) -> Option<&str> {
    let hash = skip_ws(line, 0);
    if line.get(hash) != Some(&b'#') {
        return None;
    }
    let end = line.iter().position(|&b| b == b'\n' || b == b'\r').unwrap_or(line.len());
    let text = &line[..end];
    let mut from = hash + 1;
    while let Some(at) = find(&text[from..], b"coding") {
        let after = from + at + 6;
        if matches!(text.get(after), Some(b':' | b'=')) {
            let start = skip_ws_tab(text, after + 1);
            let mut stop = start;
            while stop < text.len() && (text[stop].is_ascii_alphanumeric() || matches!(text[stop], b'-' | b'_' | b'.'))
            {
                stop += 1;
            }
            if stop > start {
                return std::str::from_utf8(&text[start..stop]).ok();
            }
        }
        from = from + at + 1;
    }
    None
}

fn skip_ws_tab(line: &[u8], mut i: usize) -> usize {
    while matches!(line.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `tokenize._get_normal_name`: canonical spellings of UTF-8 and Latin-1, anything else as given.
fn normal_name(orig: &str) -> String {
    let head: String = orig.chars().take(12).collect::<String>().to_lowercase().replace('_', "-");
    if head == "utf-8" || head.starts_with("utf-8-") {
        "utf-8".to_owned()
    } else if ["latin-1", "iso-8859-1", "iso-latin-1"].contains(&head.as_str())
        || ["latin-1-", "iso-8859-1-", "iso-latin-1-"].iter().any(|p| head.starts_with(p))
    {
        "iso-8859-1".to_owned()
    } else {
        orig.to_owned()
    }
}

/// `encodings.normalize_encoding` after lowercasing: runs of other characters than ASCII
/// alphanumerics and '.' become one '_'.
fn normalize_codec_name(name: &str) -> String {
    let mut out = String::new();
    let mut pending = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if pending && !out.is_empty() {
                out.push('_');
            }
            pending = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending = true;
        }
    }
    out
}

/// The codec a name resolves to, through `encodings.aliases`.
fn codec_of(name: &str) -> Option<&'static str> {
    let norm = normalize_codec_name(name);
    let find = |n: &str| codec_tables::ALIASES.iter().find(|(alias, _)| *alias == n).map(|(_, codec)| *codec);
    find(&norm).or_else(|| find(&norm.replace('.', "_")))
}

fn decode_with(encoding: &str, body: &[u8]) -> Result<String, SyntaxError> {
    let codec = codec_of(encoding).unwrap_or("utf_8");
    match codec {
        "utf_8" => match std::str::from_utf8(body) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) => Err(decode_error("utf-8", body, e.valid_up_to())),
        },
        "latin_1" => Ok(body.iter().map(|&b| char::from(b)).collect()),
        "ascii" => match body.iter().position(|&b| b >= 0x80) {
            None => Ok(body.iter().map(|&b| char::from(b)).collect()),
            Some(at) => Err(decode_error("ascii", body, at)),
        },
        table_name => {
            let table = codec_tables::TABLES
                .iter()
                .find(|(n, _)| *n == table_name)
                .map(|(_, t)| t)
                .ok_or_else(|| SyntaxError::new(format!("unknown encoding: {encoding}"), 1, 0, 1, 0))?;
            let mut out = String::with_capacity(body.len());
            for (at, &b) in body.iter().enumerate() {
                if b < 0x80 {
                    out.push(char::from(b));
                } else {
                    match char::from_u32(u32::from(table[usize::from(b - 0x80)])) {
                        Some(c) if c != '\u{FFFF}' => out.push(c),
                        _ => return Err(decode_error(table_name, body, at)),
                    }
                }
            }
            Ok(out)
        }
    }
}

fn decode_error(codec: &str, body: &[u8], at: usize) -> SyntaxError {
    let line = 1 + body[..at].iter().filter(|&&b| b == b'\n').count() as u32;
    SyntaxError::new(
        format!("(unicode error) '{codec}' codec can't decode byte 0x{:02x} in position {at}", body[at]),
        line,
        0,
        line,
        0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_cpython() {
        let d = decode(b"x = 1\n").unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), ("x = 1\n", "utf-8"));
        let d = decode(b"\xEF\xBB\xBFx\n").unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), ("x\n", "utf-8"));
        let d = decode(b"# -*- coding: latin-1 -*-\ns = '\xe9'\n").unwrap();
        assert_eq!(d.encoding, "iso-8859-1");
        assert!(d.text.ends_with("'\u{e9}'\n"));
        let d = decode(b"#!/usr/bin/env python\n# coding:latin1\n").unwrap();
        assert_eq!(d.encoding, "latin1");
        let d = decode(b"x = 1\n# coding: latin-1\n").unwrap();
        assert_eq!(d.encoding, "utf-8");
        let d = decode(b"# vim: set fileencoding=cp1252 :\nx = '\x80'\n").unwrap();
        assert_eq!(d.encoding, "cp1252");
        assert!(d.text.contains('\u{20AC}'));
        assert!(decode(b"# coding: uft-8\n").is_err());
        assert!(decode(b"\xEF\xBB\xBF# coding: latin-1\n").is_err());
        assert!(decode(b"x = '\xff'\n").is_err());
    }
}
