//! Hand-built CFGs, as compile.c's codegen emits them, assembled with CPython's passes and compared with what
//! CPython 3.11 produced for the same source.
//!
//! Each `test_data/cfg/NAME.cfg` holds a code unit's metadata, `---`, then emit calls: `OPNAME [ARG|BLOCK] @LOC`
//! (LOC is `l,el,c,ec`, `-` for none or `noline`), `new B...` (create blocks), `use B` (`use_next_block`).
//! `NAME.expected` is written by `test_data/cfg/gen_assemble.py` from CPython 3.11; never edit it by hand.

use std::collections::HashMap;
use std::rc::Rc;

use indexmap::IndexSet;
use num_bigint::BigInt;
use pyir::assemble::{AssembleOptions, CodeUnitInfo, assemble};
use pyir::code::{CodeObject, Constant};
use pyir::consts::{ConstCache, ConstPool};
use pyir::flowgraph::{BlockId, Cfg, InstrOp, Location, Pseudo};
use pyir::opcode::{ALL, Opcode};
use pyopt::PassConfig;

const PSEUDO: [Pseudo; 10] = [
    Pseudo::SetupFinally,
    Pseudo::SetupCleanup,
    Pseudo::SetupWith,
    Pseudo::PopBlock,
    Pseudo::Jump,
    Pseudo::JumpNoInterrupt,
    Pseudo::PopJumpIfFalse,
    Pseudo::PopJumpIfTrue,
    Pseudo::PopJumpIfNone,
    Pseudo::PopJumpIfNotNone,
];

fn op_named(name: &str) -> InstrOp {
    if let Some(op) = ALL.iter().find(|o| o.name() == name) {
        return InstrOp::Real(*op);
    }
    let p = PSEUDO.iter().find(|p| p.name() == name).unwrap_or_else(|| panic!("unknown op {name}"));
    InstrOp::Pseudo(*p)
}

fn location(s: &str) -> Location {
    match s {
        "-" => Location::NONE,
        "noline" => Location::NO_LINE,
        _ => {
            let v: Vec<i32> = s.split(',').map(|x| x.parse().unwrap()).collect();
            Location::new(v[0], v[1], v[2], v[3])
        }
    }
}

fn dummy_code(name: &str) -> Constant {
    Constant::Code(Rc::new(CodeObject {
        argcount: 0,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        stacksize: 0,
        flags: 0,
        code: Vec::new(),
        consts: Vec::new(),
        names: Vec::new(),
        localsplusnames: Vec::new(),
        localspluskinds: Vec::new(),
        filename: "".into(),
        name: name.into(),
        qualname: name.into(),
        firstlineno: 1,
        linetable: Vec::new(),
        exceptiontable: Vec::new(),
    }))
}

fn constant(tok: &str) -> Constant {
    match tok {
        "None" => Constant::None,
        "True" => Constant::True,
        "False" => Constant::False,
        _ if tok.starts_with("code:") => dummy_code(&tok[5..]),
        _ if tok.starts_with('\'') => Constant::str(tok.trim_matches('\'')),
        _ => Constant::Int(tok.parse::<BigInt>().unwrap()),
    }
}

fn const_repr(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::True => "True".into(),
        Constant::False => "False".into(),
        Constant::Int(i) => i.to_string(),
        Constant::Str(s) => format!("'{s}'"),
        Constant::Code(co) => format!("code:{}", co.name),
        other => format!("{other:?}"),
    }
}

/// Expands `repeat N FIRST` ... `endrepeat`: N copies, `$` replaced by FIRST, FIRST + 1, ...
fn expand_repeats(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = body.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("repeat ") {
            let (n, first) = rest.split_once(' ').unwrap();
            let (n, first): (i32, i32) = (n.parse().unwrap(), first.parse().unwrap());
            let inner: Vec<&str> = lines.by_ref().take_while(|l| *l != "endrepeat").collect();
            for k in 0..n {
                out.extend(inner.iter().map(|l| l.replace('$', &(first + k).to_string())));
            }
        } else {
            out.push(line.to_owned());
        }
    }
    out
}

fn build(text: &str) -> (Cfg, CodeUnitInfo) {
    let (head, body) = text.split_once("---\n").expect("--- separator");
    let cache = ConstCache::new_shared();
    let mut unit = CodeUnitInfo {
        name: "".into(),
        qualname: "".into(),
        filename: "t.py".into(),
        argcount: 0,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        flags: 0,
        firstlineno: 0,
        varnames: IndexSet::new(),
        cellvars: IndexSet::new(),
        freevars: IndexSet::new(),
        names: IndexSet::new(),
        consts: ConstPool::new(&cache),
        implicit_return_none: true,
    };
    let mut qualname = None;
    for line in head.lines().filter(|l| !l.starts_with('#')) {
        let (key, rest) = line.split_once(' ').unwrap_or((line, ""));
        let set = |rest: &str| rest.split_whitespace().map(Rc::from).collect::<IndexSet<Rc<str>>>();
        match key {
            "name" => unit.name = rest.into(),
            "qualname" => qualname = Some(rest.into()),
            "firstlineno" => unit.firstlineno = rest.parse().unwrap(),
            "flags" => unit.flags = rest.parse().unwrap(),
            "argcount" => unit.argcount = rest.parse().unwrap(),
            "varnames" => unit.varnames = set(rest),
            "cellvars" => unit.cellvars = set(rest),
            "freevars" => unit.freevars = set(rest),
            "names" => unit.names = set(rest),
            "consts" => {
                for tok in rest.split_whitespace() {
                    unit.consts.add(constant(tok));
                }
            }
            "code" | "source" => {}
            _ => panic!("unknown header {line}"),
        }
    }
    unit.qualname = qualname.unwrap_or_else(|| unit.name.clone());
    let mut cfg = Cfg::new();
    let mut blocks: HashMap<String, BlockId> = HashMap::new();
    for line in expand_repeats(body) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[0] {
            "new" => {
                for w in &words[1..] {
                    blocks.insert(w.to_string(), cfg.new_block());
                }
            }
            "use" => cfg.use_next_block(blocks[words[1]]),
            name => {
                let op = op_named(name);
                let loc = location(words.last().unwrap().strip_prefix('@').expect("@location last"));
                if op.has_target() {
                    cfg.emit_jump(op, blocks[words[1]], loc);
                } else {
                    let arg = if words.len() > 2 { words[1].parse().unwrap() } else { 0 };
                    cfg.emit(op, arg, loc);
                }
            }
        }
    }
    (cfg, unit)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn join(v: &[Rc<str>]) -> String {
    v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(" ")
}

fn summary(co: &CodeObject) -> String {
    let mut localsplus = co.varnames();
    localsplus.extend(co.cellvars());
    localsplus.extend(co.freevars());
    let consts: Vec<String> = co.consts.iter().map(const_repr).collect();
    format!(
        "code {}\nlinetable {}\nexctable {}\nstacksize {}\nconsts {}\nnames {}\nlocalsplusnames {}\nnlocals {}\n\
         argcount {}\nflags {}\nfirstlineno {}\n",
        hex(&co.code),
        hex(&co.linetable),
        hex(&co.exceptiontable),
        co.stacksize,
        consts.join(" "),
        join(&co.names),
        join(&localsplus),
        co.nlocals(),
        co.argcount,
        co.flags,
        co.firstlineno
    )
}

#[test]
fn cfgs_assemble_like_cpython() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test_data/cfg");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".cfg").map(str::to_owned))
        .collect();
    names.sort();
    assert!(names.len() >= 8);
    let passes = PassConfig::cpython();
    let mut failures = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(format!("{dir}/{name}.cfg")).unwrap();
        let want = std::fs::read_to_string(format!("{dir}/{name}.expected")).unwrap();
        let (cfg, unit) = build(&text);
        let got = match assemble(cfg, unit, &AssembleOptions { optimizer: Some(&passes) }) {
            Ok(co) => summary(&co),
            Err(e) => format!("error {e}\n"),
        };
        if got != want {
            failures.push(format!("{name}:\n--- want\n{want}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Without the optimiser every unit still assembles to valid code: the mandatory steps handle NOPs, pseudo-ops and
/// unreachable blocks by themselves.
#[test]
fn cfgs_assemble_without_passes() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test_data/cfg");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "cfg") {
            let (cfg, unit) = build(&std::fs::read_to_string(&path).unwrap());
            let co = assemble(cfg, unit, &AssembleOptions { optimizer: None }).unwrap();
            assert!(co.code.len().is_multiple_of(2) && !co.code.is_empty(), "{path:?}");
            assert!(co.code.chunks(2).all(|u| Opcode::from_u8(u[0]).is_some()), "{path:?}");
        }
    }
}
