//! CPython 3.11's CFG optimisation passes (compile.c's `optimize_cfg`), each switchable through [`PassConfig`].
//!
//! The assembler calls these at its step 7 through `pyir::assemble::CfgOptimizer`. With every pass on, the result
//! is byte-identical to CPython's; switching passes off gives the unoptimised CFG (the mandatory steps that follow
//! in the assembler still produce valid code).

use pyir::assemble::CfgOptimizer;
use pyir::code::Constant;
use pyir::consts::{ConstPool, is_true};
use pyir::error::CompileError;
use pyir::flowgraph::{BlockId, Cfg, Instr, InstrOp, Pseudo};
use pyir::opcode::Opcode;

/// Which CFG passes run. [`PassConfig::cpython`] is CPython 3.11's set; [`PassConfig::none`] runs nothing.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PassConfig {
    /// `LOAD_CONST c; POP_JUMP_IF_*` and `LOAD_CONST c; JUMP_IF_*_OR_POP` decided at compile time.
    pub const_jumps: bool,
    /// `LOAD_CONST None; IS_OP k; POP_JUMP_IF_*` becomes `POP_JUMP_IF_[NOT_]NONE`.
    pub is_none_jumps: bool,
    /// `BUILD_TUPLE n; UNPACK_SEQUENCE n` for n <= 3 becomes nothing or a SWAP.
    pub build_unpack: bool,
    /// `fold_tuple_on_constants`: n LOAD_CONSTs and `BUILD_TUPLE n` become one LOAD_CONST.
    pub fold_tuples: bool,
    /// Jumps to jumps (on the same line) are threaded to the final target.
    pub jump_threading: bool,
    /// `SWAP 1` removal and `swaptimize` (a run of SWAPs rewritten minimally).
    pub swaptimize: bool,
    /// `apply_static_swaps`: a SWAP removed by reordering the STORE_FAST/POP_TOPs after it.
    pub static_swaps: bool,
    /// `PUSH_NULL; LOAD_GLOBAL` merged into `LOAD_GLOBAL (NULL + name)`.
    pub push_null_load_global: bool,
    /// `clean_basic_block` after each block's peephole pass and after unreachable-code removal.
    pub clean_nops: bool,
    /// The second `extend_block` (copying small line-less exit blocks into jumps to them).
    pub extend_blocks: bool,
    /// `mark_reachable` + emptying unreachable blocks + removing empty blocks.
    pub remove_unreachable: bool,
    /// A JUMP to the next block in the layout becomes a NOP.
    pub remove_jumps_to_next: bool,
}

impl PassConfig {
    /// Everything on, in CPython 3.11's order: byte-identical output.
    pub const fn cpython() -> PassConfig {
        PassConfig {
            const_jumps: true,
            is_none_jumps: true,
            build_unpack: true,
            fold_tuples: true,
            jump_threading: true,
            swaptimize: true,
            static_swaps: true,
            push_null_load_global: true,
            clean_nops: true,
            extend_blocks: true,
            remove_unreachable: true,
            remove_jumps_to_next: true,
        }
    }

    /// Nothing on (`-O0`).
    pub const fn none() -> PassConfig {
        PassConfig {
            const_jumps: false,
            is_none_jumps: false,
            build_unpack: false,
            fold_tuples: false,
            jump_threading: false,
            swaptimize: false,
            static_swaps: false,
            push_null_load_global: false,
            clean_nops: false,
            extend_blocks: false,
            remove_unreachable: false,
            remove_jumps_to_next: false,
        }
    }

    /// The names of the passes, as the CLIs spell them (`--pass NAME` / `--no-pass NAME`), in order.
    pub const NAMES: [&'static str; 12] = [
        "const-jumps",
        "is-none-jumps",
        "build-unpack",
        "fold-tuples",
        "jump-threading",
        "swaptimize",
        "static-swaps",
        "push-null-load-global",
        "clean-nops",
        "extend-blocks",
        "remove-unreachable",
        "remove-jumps-to-next",
    ];

    /// The switch for the pass called `name` (one of [`PassConfig::NAMES`]).
    pub fn switch_mut(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "const-jumps" => &mut self.const_jumps,
            "is-none-jumps" => &mut self.is_none_jumps,
            "build-unpack" => &mut self.build_unpack,
            "fold-tuples" => &mut self.fold_tuples,
            "jump-threading" => &mut self.jump_threading,
            "swaptimize" => &mut self.swaptimize,
            "static-swaps" => &mut self.static_swaps,
            "push-null-load-global" => &mut self.push_null_load_global,
            "clean-nops" => &mut self.clean_nops,
            "extend-blocks" => &mut self.extend_blocks,
            "remove-unreachable" => &mut self.remove_unreachable,
            "remove-jumps-to-next" => &mut self.remove_jumps_to_next,
            _ => return None,
        })
    }
}

impl Default for PassConfig {
    fn default() -> PassConfig {
        PassConfig::cpython()
    }
}

impl CfgOptimizer for PassConfig {
    /// compile.c's `optimize_cfg`.
    fn optimize(&self, cfg: &mut Cfg, consts: &mut ConstPool) -> Result<(), CompileError> {
        for id in cfg.layout() {
            optimize_basic_block(self, cfg, id, consts)?;
            if self.clean_nops {
                cfg.clean_block(id);
            }
        }
        if self.extend_blocks {
            cfg.extend_blocks();
        }
        if self.remove_unreachable {
            cfg.mark_reachable();
            for id in cfg.layout() {
                let b = cfg.block_mut(id);
                if b.predecessors == 0 {
                    b.instrs.clear();
                    b.nofallthrough = false;
                }
            }
            cfg.eliminate_empty_blocks();
        }
        if self.clean_nops {
            cfg.clean_blocks();
        }
        if self.remove_jumps_to_next {
            let mut maybe_empty = false;
            for id in cfg.layout() {
                let next = cfg.block(id).next;
                let b = cfg.block_mut(id);
                if let Some(last) = b.instrs.last_mut()
                    && matches!(last.op, InstrOp::Pseudo(Pseudo::Jump | Pseudo::JumpNoInterrupt))
                    && last.target == next
                {
                    last.set_nop();
                    b.nofallthrough = false;
                    maybe_empty = true;
                }
            }
            if maybe_empty {
                cfg.eliminate_empty_blocks();
            }
        }
        Ok(())
    }
}

const POP_JUMP_IF_FALSE: InstrOp = InstrOp::Pseudo(Pseudo::PopJumpIfFalse);
const POP_JUMP_IF_TRUE: InstrOp = InstrOp::Pseudo(Pseudo::PopJumpIfTrue);
const POP_JUMP_IF_NONE: InstrOp = InstrOp::Pseudo(Pseudo::PopJumpIfNone);
const POP_JUMP_IF_NOT_NONE: InstrOp = InstrOp::Pseudo(Pseudo::PopJumpIfNotNone);
const JUMP: InstrOp = InstrOp::Pseudo(Pseudo::Jump);
const JUMP_IF_FALSE_OR_POP: InstrOp = InstrOp::Real(Opcode::JumpIfFalseOrPop);
const JUMP_IF_TRUE_OR_POP: InstrOp = InstrOp::Real(Opcode::JumpIfTrueOrPop);
const SWAP: InstrOp = InstrOp::Real(Opcode::Swap);
const NOP: InstrOp = InstrOp::NOP;

/// compile.c's `jump_thread`: retargets `inst` (at `i`) to the target of the jump it lands on, when both are on the
/// same line and the targets differ. Returns whether it did.
fn jump_thread(cfg: &mut Cfg, id: BlockId, i: usize, target: &Instr, op: InstrOp) -> bool {
    let inst = &mut cfg.block_mut(id).instrs[i];
    if inst.loc.lineno == target.loc.lineno && inst.target != target.target {
        inst.target = target.target;
        inst.op = op;
        return true;
    }
    false
}

fn const_value(consts: &ConstPool, arg: u32) -> Result<&Constant, CompileError> {
    consts
        .get(pyir::consts::ConstIdx(arg))
        .ok_or_else(|| CompileError::system("Internal error: failed to get value of a constant"))
}

/// compile.c's `optimize_basic_block`, with each rule behind its switch.
fn optimize_basic_block(
    pc: &PassConfig,
    cfg: &mut Cfg,
    id: BlockId,
    consts: &mut ConstPool,
) -> Result<(), CompileError> {
    let mut i = 0;
    while i < cfg.block(id).instrs.len() {
        let inst = cfg.block(id).instrs[i];
        let oparg = inst.arg;
        let next = cfg.block(id).instrs.get(i + 1).copied();
        let nextop = next.map(|n| n.op);
        let mut target = Instr::new(NOP, 0, inst.loc);
        let mut target_block = None;
        if inst.op.has_target()
            && let Some(t) = inst.target
        {
            // Jump and SETUP targets skip over empty blocks.
            let t = cfg.skip_empty(t);
            cfg.block_mut(id).instrs[i].target = Some(t);
            if let Some(first) = cfg.block(t).instrs.first() {
                target = *first;
            }
            target_block = Some(t);
        }
        let inst = cfg.block(id).instrs[i];
        match inst.op {
            InstrOp::Real(Opcode::LoadConst) => match nextop {
                Some(op @ (POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE)) if pc.const_jumps => {
                    let truth = is_true(const_value(consts, oparg)?);
                    let b = cfg.block_mut(id);
                    b.instrs[i].set_nop();
                    if truth == (op == POP_JUMP_IF_TRUE) {
                        b.instrs[i + 1].op = JUMP;
                        b.nofallthrough = true;
                    } else {
                        b.instrs[i + 1].set_nop();
                    }
                }
                Some(op @ (JUMP_IF_FALSE_OR_POP | JUMP_IF_TRUE_OR_POP)) if pc.const_jumps => {
                    let truth = is_true(const_value(consts, oparg)?);
                    let b = cfg.block_mut(id);
                    if truth == (op == JUMP_IF_TRUE_OR_POP) {
                        b.instrs[i + 1].op = JUMP;
                        b.nofallthrough = true;
                    } else {
                        b.instrs[i].set_nop();
                        b.instrs[i + 1].set_nop();
                    }
                }
                Some(InstrOp::Real(Opcode::IsOp)) if pc.is_none_jumps => {
                    let is_none = matches!(const_value(consts, oparg)?, Constant::None);
                    let b = cfg.block_mut(id);
                    let jump_op = b.instrs.get(i + 2).map(|j| j.op);
                    if is_none && matches!(jump_op, Some(POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE)) {
                        let negated = b.instrs[i + 1].arg & 0xFF != 0;
                        b.instrs[i].set_nop();
                        b.instrs[i + 1].set_nop();
                        b.instrs[i + 2].op = if negated ^ (jump_op == Some(POP_JUMP_IF_FALSE)) {
                            POP_JUMP_IF_NOT_NONE
                        } else {
                            POP_JUMP_IF_NONE
                        };
                    }
                }
                _ => {}
            },
            InstrOp::Real(Opcode::BuildTuple) => {
                if pc.build_unpack
                    && let Some(n) = next
                    && n.is(Opcode::UnpackSequence)
                    && n.arg == oparg
                    && (1..=3).contains(&oparg)
                {
                    let b = cfg.block_mut(id);
                    b.instrs[i].set_nop();
                    if oparg == 1 {
                        b.instrs[i + 1].set_nop();
                    } else {
                        b.instrs[i + 1].op = SWAP;
                    }
                    i += 1;
                    continue;
                }
                if pc.fold_tuples && i >= oparg as usize {
                    fold_tuple_on_constants(cfg, id, i, consts)?;
                }
            }
            JUMP_IF_FALSE_OR_POP | JUMP_IF_TRUE_OR_POP if pc.jump_threading => {
                let (same, same_pop, other, other_pop) = if inst.op == JUMP_IF_FALSE_OR_POP {
                    (JUMP_IF_FALSE_OR_POP, POP_JUMP_IF_FALSE, JUMP_IF_TRUE_OR_POP, POP_JUMP_IF_TRUE)
                } else {
                    (JUMP_IF_TRUE_OR_POP, POP_JUMP_IF_TRUE, JUMP_IF_FALSE_OR_POP, POP_JUMP_IF_FALSE)
                };
                if target.op == same_pop {
                    if jump_thread(cfg, id, i, &target, same_pop) {
                        continue;
                    }
                } else if target.op == JUMP || target.op == same {
                    if jump_thread(cfg, id, i, &target, same) {
                        continue;
                    }
                } else if (target.op == other || target.op == other_pop)
                    && inst.loc.lineno == target.loc.lineno
                    && let Some(after) = target_block.and_then(|t| cfg.block(t).next)
                {
                    // The first test's outcome decides the second: go past it.
                    let ins = &mut cfg.block_mut(id).instrs[i];
                    ins.op = same_pop;
                    ins.target = Some(after);
                    continue;
                }
            }
            POP_JUMP_IF_NOT_NONE | POP_JUMP_IF_NONE | POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE | JUMP
                if pc.jump_threading && target.op == JUMP && jump_thread(cfg, id, i, &target, inst.op) =>
            {
                continue;
            }
            SWAP if pc.swaptimize || pc.static_swaps => {
                if oparg == 1 {
                    if pc.swaptimize {
                        cfg.block_mut(id).instrs[i].set_nop();
                    }
                } else {
                    let instrs = &mut cfg.block_mut(id).instrs;
                    if pc.swaptimize {
                        swaptimize(instrs, &mut i);
                    }
                    if pc.static_swaps {
                        apply_static_swaps(instrs, i);
                    }
                }
            }
            InstrOp::Real(Opcode::PushNull)
                if pc.push_null_load_global
                // CPython tests the LOAD_GLOBAL's *opcode* (116) for bit 0, not its argument, so the merge
                // always happens; kept as is.
                && nextop == Some(InstrOp::Real(Opcode::LoadGlobal)) =>
            {
                let b = cfg.block_mut(id);
                b.instrs[i].set_nop();
                b.instrs[i].arg = 0;
                b.instrs[i + 1].arg |= 1;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// compile.c's `fold_tuple_on_constants`: the `BUILD_TUPLE n` at `i` and the n LOAD_CONSTs before it become one
/// LOAD_CONST of the tuple, appended to the constants (after merging) unless an equal one is already there.
fn fold_tuple_on_constants(cfg: &mut Cfg, id: BlockId, i: usize, consts: &mut ConstPool) -> Result<(), CompileError> {
    let n = cfg.block(id).instrs[i].arg as usize;
    let start = i - n;
    let mut items = Vec::with_capacity(n);
    for ins in &cfg.block(id).instrs[start..i] {
        if !ins.is(Opcode::LoadConst) {
            return Ok(());
        }
        items.push(const_value(consts, ins.arg)?.clone());
    }
    let idx = consts.add_folded(Constant::Tuple(items.into()));
    let b = cfg.block_mut(id);
    for ins in &mut b.instrs[start..i] {
        ins.set_nop();
    }
    b.instrs[i].op = InstrOp::Real(Opcode::LoadConst);
    b.instrs[i].arg = idx.0;
    Ok(())
}

/// compile.c's `swaptimize`: replaces the run of SWAPs and NOPs starting at `*ix` with a minimal run of SWAPs
/// having the same effect, NOPs filling the rest; `*ix` moves to the run's last instruction.
fn swaptimize(instrs: &mut [Instr], ix: &mut usize) {
    let start = *ix;
    let mut depth = instrs[start].arg as usize;
    let limit = instrs.len() - start;
    let mut len = 1;
    let mut more = false;
    while len < limit {
        let ins = &instrs[start + len];
        if ins.op == SWAP {
            depth = depth.max(ins.arg as usize);
            more = true;
        } else if ins.op != NOP {
            break;
        }
        len += 1;
    }
    if !more || depth == 0 {
        return;
    }
    // Simulate the run on a stack of positions, then emit the cycles of the resulting permutation in reverse.
    const VISITED: usize = usize::MAX;
    let mut stack: Vec<usize> = (0..depth).collect();
    for ins in &instrs[start..start + len] {
        if ins.op == SWAP {
            let k = (ins.arg as usize).clamp(1, depth) - 1;
            stack.swap(0, k);
        }
    }
    let mut current = len as isize - 1;
    for i in 0..depth {
        if stack[i] == VISITED || stack[i] == i {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 && current >= 0 {
                let ins = &mut instrs[start + current as usize];
                ins.op = SWAP;
                ins.arg = j as u32 + 1;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next_j = stack[j];
            stack[j] = VISITED;
            j = next_j;
        }
    }
    while current >= 0 {
        instrs[start + current as usize].op = NOP;
        current -= 1;
    }
    *ix += len - 1;
}

/// Instructions `apply_static_swaps` may reorder: no control flow, no arbitrary code, they only pop the top.
fn swappable(op: InstrOp) -> bool {
    matches!(op, InstrOp::Real(Opcode::StoreFast | Opcode::PopTop))
}

/// compile.c's `next_swappable_instruction`: the next STORE_FAST/POP_TOP after `i` (skipping NOPs), staying on
/// `lineno` if it is >= 0.
fn next_swappable_instruction(instrs: &[Instr], i: usize, lineno: i32) -> Option<usize> {
    for (k, ins) in instrs.iter().enumerate().skip(i + 1) {
        if lineno >= 0 && ins.loc.lineno != lineno {
            return None;
        }
        if ins.op == NOP {
            continue;
        }
        return swappable(ins.op).then_some(k);
    }
    None
}

/// compile.c's `apply_static_swaps`: walking back from `i`, removes each SWAP by exchanging the instructions that
/// would consume the swapped values.
fn apply_static_swaps(instrs: &mut [Instr], i: usize) {
    for i in (0..=i).rev() {
        let swap = instrs[i];
        if swap.op != SWAP {
            if swap.op == NOP || swappable(swap.op) {
                continue;
            }
            return;
        }
        let Some(j) = next_swappable_instruction(instrs, i, -1) else {
            return;
        };
        let mut k = j;
        let lineno = instrs[j].loc.lineno;
        for _ in 1..swap.arg {
            match next_swappable_instruction(instrs, k, lineno) {
                Some(next) => k = next,
                None => return,
            }
        }
        // 3.11.7 (not yet 3.11.2) refuses a reordering that changes which of two stores to one local comes last:
        // when both swapped instructions store to the same local, or one in between stores to either's.
        let stores_to = |ins: &Instr| (ins.op == InstrOp::Real(Opcode::StoreFast)).then_some(ins.arg);
        let (store_j, store_k) = (stores_to(&instrs[j]), stores_to(&instrs[k]));
        if store_j.is_some() || store_k.is_some() {
            if store_j == store_k {
                return;
            }
            if instrs[j + 1..k].iter().filter_map(stores_to).any(|s| Some(s) == store_j || Some(s) == store_k) {
                return;
            }
        }
        instrs[i].op = NOP;
        instrs.swap(j, k);
    }
}
