//! Checks `repr()` and `hash()` against values printed by CPython 3.11 (`test_data/repr/cases.txt`, written by
//! `test_data/repr/bless.py` under `PYTHONHASHSEED=0`).

use super::*;
use crate::marshal;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

#[test]
fn reprs_and_hashes_match_cpython() {
    let data = include_str!("../../test_data/repr/cases.txt");
    let mut failures = Vec::new();
    for line in data.lines() {
        let mut f = line.split('\t');
        let (Some(hex), Some(want_repr), Some(want_hash)) = (f.next(), f.next(), f.next()) else {
            panic!("bad line {line:?}");
        };
        let value = marshal::loads(&unhex(hex)).unwrap();
        let got = const_repr(&value);
        if got != want_repr {
            failures.push(format!("repr: got {got}, want {want_repr}"));
        }
        // NaN, None and Ellipsis hash by address in CPython 3.11: no value to compare.
        let by_address = ["nan", "None", "Ellipsis"].iter().any(|w| want_repr.contains(w));
        if !want_hash.is_empty() && !by_address {
            let got = hash::const_hash(&value).to_string();
            if got != want_hash {
                failures.push(format!("hash of {want_repr}: got {got}, want {want_hash}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
