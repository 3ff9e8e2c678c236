//! `set` and `frozenset`: CPython 3.11's open-addressing table (linear probes then perturbation), reproduced
//! exactly so that iteration order, which programs print, matches CPython's.

use std::cell::RefCell;

use crate::value::Value;

const MINSIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone)]
pub enum Slot {
    Empty,
    Dummy,
    Full(i64, Value),
}

#[derive(Clone)]
pub struct Table {
    pub slots: Vec<Slot>,
    pub fill: usize,
    pub used: usize,
}

impl Default for Table {
    fn default() -> Table {
        Table { slots: vec![Slot::Empty; MINSIZE], fill: 0, used: 0 }
    }
}

fn eq_key(a: &Value, b: &Value) -> bool {
    a.is(b) || crate::ops::eq_hashable(a, b)
}

impl Table {
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The slot holding `key`, if present.
    pub fn find(&self, key: &Value, hash: i64) -> Option<usize> {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = hash as u64 as usize & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => return None,
                    Slot::Full(h, k) if *h == hash && eq_key(k, key) => return Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    /// `set_add_entry`.
    pub fn add(&mut self, key: Value, hash: i64) {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = hash as u64 as usize & mask;
        let mut freeslot = None;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => {
                        if let Some(f) = freeslot {
                            self.used += 1;
                            self.slots[f] = Slot::Full(hash, key);
                            return;
                        }
                        self.fill += 1;
                        self.used += 1;
                        self.slots[j] = Slot::Full(hash, key);
                        if self.fill * 5 >= mask * 3 {
                            self.resize(if self.used > 50000 { self.used * 2 } else { self.used * 4 });
                        }
                        return;
                    }
                    Slot::Full(h, k) if *h == hash && eq_key(k, &key) => return,
                    Slot::Dummy => freeslot = Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    fn insert_clean(slots: &mut [Slot], key: Value, hash: i64) {
        let mask = slots.len() - 1;
        let mut perturb = hash as u64;
        let mut i = hash as u64 as usize & mask;
        loop {
            if matches!(slots[i], Slot::Empty) {
                slots[i] = Slot::Full(hash, key);
                return;
            }
            if i + LINEAR_PROBES <= mask
                && let Some(off) = slots[i + 1..=i + LINEAR_PROBES].iter().position(|s| matches!(s, Slot::Empty))
            {
                slots[i + 1 + off] = Slot::Full(hash, key);
                return;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    /// `set_table_resize`.
    pub fn resize(&mut self, minused: usize) {
        let mut newsize = MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        if newsize == MINSIZE && self.slots.len() == MINSIZE && self.fill == self.used {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; newsize]);
        self.fill = self.used;
        for s in old {
            if let Slot::Full(h, k) = s {
                Table::insert_clean(&mut self.slots, k, h);
            }
        }
    }

    pub fn discard(&mut self, key: &Value, hash: i64) -> bool {
        match self.find(key, hash) {
            Some(j) => {
                self.slots[j] = Slot::Dummy;
                self.used -= 1;
                true
            }
            None => false,
        }
    }

    /// `set_merge` of another table into this one.
    pub fn merge(&mut self, other: &Table) {
        if other.used == 0 {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.slots.len() == other.slots.len() && other.fill == other.used {
            self.slots = other.slots.clone();
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for s in &other.slots {
                if let Slot::Full(h, k) = s {
                    Table::insert_clean(&mut self.slots, k.clone(), *h);
                }
            }
            return;
        }
        for s in &other.slots {
            if let Slot::Full(h, k) = s {
                self.add(k.clone(), *h);
            }
        }
    }

    pub fn items(&self) -> Vec<Value> {
        self.slots
            .iter()
            .filter_map(|s| match s {
                Slot::Full(_, k) => Some(k.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn entries(&self) -> impl Iterator<Item = (i64, &Value)> {
        self.slots.iter().filter_map(|s| match s {
            Slot::Full(h, k) => Some((*h, k)),
            _ => None,
        })
    }
}

#[derive(Default)]
pub struct PySet {
    pub table: RefCell<Table>,
}

impl PySet {
    pub fn new() -> PySet {
        PySet::default()
    }

    pub fn from_table(t: Table) -> PySet {
        PySet { table: RefCell::new(t) }
    }

    pub fn len(&self) -> usize {
        self.table.borrow().used
    }

    pub fn contains(&self, key: &Value, hash: i64) -> bool {
        self.table.borrow().find(key, hash).is_some()
    }
}
