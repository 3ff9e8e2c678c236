//! Number formatting: `repr(float)` (shortest round-trip, CPython's 'r' mode) and the format-spec mini-language
//! (`format(value, spec)`, f-string `{x:>10.3f}`).

use num_bigint::BigInt;

use crate::exception::{PyResult, value_error};

pub use pyir::repr::float_repr;

/// A parsed format spec.
#[derive(Clone, Debug, Default)]
pub struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub alternate: bool,
    pub zero: bool,
    pub width: Option<usize>,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

pub fn parse_spec(spec: &str) -> PyResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut s = Spec::default();
    let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = Some(chars[0]);
        s.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        s.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        s.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        s.alternate = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i > start {
        let w: String = chars[start..i].iter().collect();
        s.width = Some(w.parse().map_err(|_| {
            crate::exception::err(crate::exception::Exc::ValueError, "Too many decimal digits in format string")
        })?);
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        s.grouping = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return value_error("Format specifier missing precision");
        }
        let p: String = chars[start..i].iter().collect();
        s.precision = Some(p.parse().unwrap_or(0));
    }
    if i < chars.len() {
        s.ty = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() {
        return value_error("Invalid format specifier");
    }
    Ok(s)
}

/// Inserts `sep` every `every` digits from the right of a digit string.
fn group(digits: &str, sep: char, every: usize) -> String {
    let n = digits.chars().count();
    let mut out = String::with_capacity(n + n / every);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Pads `body` (with its sign/prefix split off for '=' alignment) to the spec's width.
fn pad(spec: &Spec, sign: &str, body: &str, default_align: char) -> String {
    let fill = spec.fill.unwrap_or(if spec.zero && spec.align.is_none() { '0' } else { ' ' });
    let align = spec.align.unwrap_or(if spec.zero { '=' } else { default_align });
    let len = sign.chars().count() + body.chars().count();
    let width = spec.width.unwrap_or(0);
    if len >= width {
        return format!("{sign}{body}");
    }
    let padn = width - len;
    let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    match align {
        '<' => format!("{sign}{body}{}", fills(padn)),
        '^' => format!("{}{sign}{body}{}", fills(padn / 2), fills(padn - padn / 2)),
        '=' => format!("{sign}{}{body}", fills(padn)),
        _ => format!("{}{sign}{body}", fills(padn)),
    }
}

pub fn format_str(s: &str, spec: &Spec) -> PyResult<String> {
    if let Some(t) = spec.ty
        && t != 's'
    {
        return value_error(format!("Unknown format code '{t}' for object of type 'str'"));
    }
    if spec.sign.is_some() {
        return value_error("Sign not allowed in string format specifier");
    }
    if spec.alternate {
        return value_error("Alternate form (#) not allowed in string format specifier");
    }
    if spec.align == Some('=') {
        return value_error("'=' alignment not allowed in string format specifier");
    }
    let body: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    Ok(pad(spec, "", &body, '<'))
}

pub fn format_int(v: &BigInt, spec: &Spec) -> PyResult<String> {
    let ty = spec.ty.unwrap_or('d');
    match ty {
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let f = num_traits::ToPrimitive::to_f64(v).unwrap_or(f64::INFINITY);
            return format_float(f, spec);
        }
        'd' | 'n' | 'x' | 'X' | 'o' | 'b' | 'c' => {}
        _ => return value_error(format!("Unknown format code '{ty}' for object of type 'int'")),
    }
    if spec.precision.is_some() {
        return value_error("Precision not allowed in integer format specifier");
    }
    let neg = v.sign() == num_bigint::Sign::Minus;
    let mag = v.magnitude();
    if ty == 'c' {
        let c = num_traits::ToPrimitive::to_u32(v).and_then(char::from_u32);
        return match c {
            Some(c) => Ok(pad(spec, "", &c.to_string(), '>')),
            None => Err(crate::exception::err(crate::exception::Exc::OverflowError, "%c arg not in range(0x110000)")),
        };
    }
    let (digits, prefix, every) = match ty {
        'x' => (mag.to_str_radix(16), "0x", 4),
        'X' => (mag.to_str_radix(16).to_uppercase(), "0X", 4),
        'o' => (mag.to_str_radix(8), "0o", 4),
        'b' => (mag.to_str_radix(2), "0b", 4),
        _ => (mag.to_str_radix(10), "", 3),
    };
    let digits = match spec.grouping {
        Some(sep) => {
            if sep == ',' && every == 4 {
                return value_error(format!("Cannot specify ',' with '{ty}'."));
            }
            group(&digits, sep, every)
        }
        None => digits,
    };
    let mut sign = String::new();
    if neg {
        sign.push('-');
    } else if let Some(c @ ('+' | ' ')) = spec.sign {
        sign.push(c);
    }
    if spec.alternate {
        sign.push_str(prefix);
    }
    Ok(pad(spec, &sign, &digits, '>'))
}

/// Formats `x` with `prec` digits after the point ('f').
fn fixed(x: f64, prec: usize) -> String {
    format!("{:.*}", prec, x)
}

/// Formats `x` in exponent notation with `prec` digits after the point ('e').
fn expo(x: f64, prec: usize, upper: bool) -> String {
    let s = format!("{:.*e}", prec, x);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let out = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper { out.to_uppercase() } else { out }
}

/// The 'g' rule: exponent notation if exp < -4 or exp >= precision, trailing zeros stripped unless `#`.
fn general(x: f64, prec: usize, upper: bool, alternate: bool, force_point: bool) -> String {
    let p = if prec == 0 { 1 } else { prec };
    if x == 0.0 {
        let mut s = if alternate { format!("{:.*}", p - 1, 0.0) } else { "0".to_string() };
        if force_point && !s.contains('.') {
            s.push_str(".0");
        }
        return s;
    }
    let e_form = format!("{:.*e}", p - 1, x.abs());
    let exp: i32 = e_form.split_once('e').map(|(_, e)| e.parse().unwrap_or(0)).unwrap_or(0);
    let mut s = if exp < -4 || exp >= p as i32 {
        let s = expo(x.abs(), p - 1, upper);
        if alternate {
            s
        } else {
            let (m, e) = s.split_once(if upper { 'E' } else { 'e' }).unwrap_or((&s, ""));
            let m = if m.contains('.') { m.trim_end_matches('0').trim_end_matches('.') } else { m };
            format!("{m}{}{e}", if upper { 'E' } else { 'e' })
        }
    } else {
        let s = fixed(x.abs(), (p as i32 - 1 - exp).max(0) as usize);
        if alternate {
            if s.contains('.') { s } else { s + "." }
        } else if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if force_point && !s.contains(['.', 'e', 'E']) {
        s.push_str(".0");
    }
    if x.is_sign_negative() { format!("-{s}") } else { s }
}

pub fn format_float(x: f64, spec: &Spec) -> PyResult<String> {
    let ty = spec.ty;
    if let Some(t) = ty
        && !matches!(t, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n')
    {
        return value_error(format!("Unknown format code '{t}' for object of type 'float'"));
    }
    let neg = x.is_sign_negative() && !x.is_nan();
    let a = x.abs();
    let body = if !a.is_finite() {
        let s = if a.is_nan() { "nan" } else { "inf" };
        let s = if matches!(ty, Some('E' | 'F' | 'G')) { s.to_uppercase() } else { s.to_string() };
        if ty == Some('%') { s + "%" } else { s }
    } else {
        match ty {
            Some('f' | 'F') => fixed(a, spec.precision.unwrap_or(6)),
            Some('e' | 'E') => expo(a, spec.precision.unwrap_or(6), ty == Some('E')),
            Some('g' | 'G' | 'n') => general(a, spec.precision.unwrap_or(6), ty == Some('G'), spec.alternate, false),
            Some('%') => fixed(a * 100.0, spec.precision.unwrap_or(6)) + "%",
            _ => match spec.precision {
                None => float_repr(a),
                Some(p) => general(a, p, false, spec.alternate, true),
            },
        }
    };
    let body = match spec.grouping {
        Some(sep) => {
            let split = body.find(|c: char| !c.is_ascii_digit()).unwrap_or(body.len());
            format!("{}{}", group(&body[..split], sep, 3), &body[split..])
        }
        None => body,
    };
    let mut sign = String::new();
    if neg {
        sign.push('-');
    } else if let Some(c @ ('+' | ' ')) = spec.sign {
        sign.push(c);
    }
    Ok(pad(spec, &sign, &body, '>'))
}
