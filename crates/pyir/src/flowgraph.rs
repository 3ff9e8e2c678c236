//! The control-flow graph of one code unit, as codegen emits it and the assembler consumes it.
//!
//! This mirrors compile.c's `basicblock` list: blocks are kept in creation order (CPython's `b_list` is the same
//! list, newest first), and a separate layout order (`next` links, CPython's `b_next`) decides where each block's
//! code lands. Instructions carry either a real opcode or one of compile.c's pseudo-ops (SETUP_*, POP_BLOCK, the
//! undirected jumps), which the assembler lowers. The emit API (`emit`, `emit_jump`, `new_block`, `use_next_block`)
//! follows compile.c's `ADDOP*` macros, including the implicit new block after every jump, return and raise.
//!
//! Block-level primitives that both the mandatory assembler steps and `pyopt`'s passes need (`normalize`,
//! `extend_block`, `clean_block`, `mark_reachable`, `eliminate_empty_blocks`) live here too.

use std::fmt;

use crate::error::CompileError;
use crate::opcode::Opcode;

/// A basic block, by creation index. Jump targets are blocks, so this is also the label type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct BlockId(u32);

/// A jump target: in compile.c a label *is* a block.
pub type Label = BlockId;

impl BlockId {
    /// The block's creation index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A source span in CPython's convention: 1-based lines, 0-based UTF-8 byte columns, -1 meaning "none".
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Location {
    pub lineno: i32,
    pub end_lineno: i32,
    pub col: i32,
    pub end_col: i32,
}

impl Location {
    /// No location at all (compile.c's `UNSET_LOC`): artificial instructions such as the implicit `return None`.
    pub const NONE: Location = Location { lineno: -1, end_lineno: -1, col: -1, end_col: -1 };
    /// What compile.c's `*_NOLINE` emitters store: line -1, the other fields 0. Only the line is ever read while
    /// it stays negative, but a later pass may give it a line and keep the zero columns.
    pub const NO_LINE: Location = Location { lineno: -1, end_lineno: 0, col: 0, end_col: 0 };

    pub const fn new(lineno: i32, end_lineno: i32, col: i32, end_col: i32) -> Location {
        Location { lineno, end_lineno, col, end_col }
    }

    /// Whether a line is known (CPython tests `i_lineno < 0` for "no line").
    pub const fn has_line(self) -> bool {
        self.lineno >= 0
    }
}

impl From<pyfront::ast::Loc> for Location {
    fn from(l: pyfront::ast::Loc) -> Location {
        Location {
            lineno: l.lineno as i32,
            end_lineno: l.end_lineno as i32,
            col: l.col_offset as i32,
            end_col: l.end_col_offset as i32,
        }
    }
}

/// compile.c's pseudo-ops: instructions codegen emits that the assembler lowers before emitting code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Pseudo {
    /// Pushes an exception handler (no lasti); the handler is entered with the exception pushed.
    SetupFinally,
    /// Pushes a handler that also gets the raising instruction's index (lasti) pushed.
    SetupCleanup,
    /// Like `SetupCleanup`, for `with` blocks.
    SetupWith,
    /// Pops the innermost handler.
    PopBlock,
    /// Unconditional jump, becomes JUMP_FORWARD or JUMP_BACKWARD.
    Jump,
    /// Unconditional jump, becomes JUMP_FORWARD or JUMP_BACKWARD_NO_INTERRUPT.
    JumpNoInterrupt,
    PopJumpIfFalse,
    PopJumpIfTrue,
    PopJumpIfNone,
    PopJumpIfNotNone,
}

impl Pseudo {
    /// CPython's name, for dumps.
    pub const fn name(self) -> &'static str {
        match self {
            Pseudo::SetupFinally => "SETUP_FINALLY",
            Pseudo::SetupCleanup => "SETUP_CLEANUP",
            Pseudo::SetupWith => "SETUP_WITH",
            Pseudo::PopBlock => "POP_BLOCK",
            Pseudo::Jump => "JUMP",
            Pseudo::JumpNoInterrupt => "JUMP_NO_INTERRUPT",
            Pseudo::PopJumpIfFalse => "POP_JUMP_IF_FALSE",
            Pseudo::PopJumpIfTrue => "POP_JUMP_IF_TRUE",
            Pseudo::PopJumpIfNone => "POP_JUMP_IF_NONE",
            Pseudo::PopJumpIfNotNone => "POP_JUMP_IF_NOT_NONE",
        }
    }

    /// Stack effect as compile.c's `stack_effect()` gives it, on the fallthrough or the jump edge.
    pub const fn stack_effect(self, jump: bool) -> i32 {
        match self {
            Pseudo::SetupFinally | Pseudo::SetupWith => {
                if jump {
                    1
                } else {
                    0
                }
            }
            Pseudo::SetupCleanup => {
                if jump {
                    2
                } else {
                    0
                }
            }
            Pseudo::PopBlock | Pseudo::Jump | Pseudo::JumpNoInterrupt => 0,
            Pseudo::PopJumpIfFalse | Pseudo::PopJumpIfTrue | Pseudo::PopJumpIfNone | Pseudo::PopJumpIfNotNone => -1,
        }
    }
}

/// The operation of a CFG instruction: a real opcode or a pseudo-op.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum InstrOp {
    Real(Opcode),
    Pseudo(Pseudo),
}

impl From<Opcode> for InstrOp {
    fn from(op: Opcode) -> InstrOp {
        InstrOp::Real(op)
    }
}

impl From<Pseudo> for InstrOp {
    fn from(op: Pseudo) -> InstrOp {
        InstrOp::Pseudo(op)
    }
}

impl InstrOp {
    pub const NOP: InstrOp = InstrOp::Real(Opcode::Nop);

    pub const fn name(self) -> &'static str {
        match self {
            InstrOp::Real(op) => op.name(),
            InstrOp::Pseudo(p) => p.name(),
        }
    }

    /// compile.c's `is_jump`: a real relative jump or a pseudo jump (SETUP_* and POP_BLOCK are not jumps).
    pub const fn is_jump(self) -> bool {
        match self {
            InstrOp::Real(op) => op.is_jump(),
            InstrOp::Pseudo(p) => {
                !matches!(p, Pseudo::SetupFinally | Pseudo::SetupCleanup | Pseudo::SetupWith | Pseudo::PopBlock)
            }
        }
    }

    /// compile.c's `is_block_push`: SETUP_FINALLY, SETUP_CLEANUP, SETUP_WITH.
    pub const fn is_block_push(self) -> bool {
        matches!(self, InstrOp::Pseudo(Pseudo::SetupFinally | Pseudo::SetupCleanup | Pseudo::SetupWith))
    }

    /// Whether the instruction has a target block (a jump or a SETUP_*).
    pub const fn has_target(self) -> bool {
        self.is_jump() || self.is_block_push()
    }

    /// RETURN_VALUE, RAISE_VARARGS, RERAISE: the block exits the frame.
    pub const fn is_scope_exit(self) -> bool {
        matches!(self, InstrOp::Real(Opcode::ReturnValue | Opcode::RaiseVarargs | Opcode::Reraise))
    }

    /// An unconditional jump, pseudo or real (control never falls through).
    pub const fn is_unconditional_jump(self) -> bool {
        matches!(
            self,
            InstrOp::Pseudo(Pseudo::Jump | Pseudo::JumpNoInterrupt)
                | InstrOp::Real(Opcode::JumpForward | Opcode::JumpBackward | Opcode::JumpBackwardNoInterrupt)
        )
    }

    /// compile.c's `is_end_of_basic_block`: codegen starts a new block after this instruction.
    pub const fn ends_block(self) -> bool {
        self.is_jump() || self.is_scope_exit()
    }

    /// The real opcode, if this is not a pseudo-op.
    pub const fn real(self) -> Option<Opcode> {
        match self {
            InstrOp::Real(op) => Some(op),
            InstrOp::Pseudo(_) => None,
        }
    }

    pub fn is(self, op: impl Into<InstrOp>) -> bool {
        self == op.into()
    }

    /// Stack effect on the fallthrough edge (`jump == false`) or the jump edge.
    pub const fn stack_effect(self, arg: u32, jump: bool) -> i32 {
        match self {
            InstrOp::Real(op) => op.stack_effect(arg, jump),
            InstrOp::Pseudo(p) => p.stack_effect(jump),
        }
    }
}

impl fmt::Display for InstrOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One CFG instruction (compile.c's `struct instr`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Instr {
    pub op: InstrOp,
    pub arg: u32,
    /// The jump or handler target, for jumps and SETUP_*.
    pub target: Option<BlockId>,
    pub loc: Location,
    /// The exception handler covering this instruction, set by the assembler's `label_exception_targets`.
    pub(crate) handler: Option<BlockId>,
}

impl Instr {
    pub fn new(op: impl Into<InstrOp>, arg: u32, loc: Location) -> Instr {
        Instr { op: op.into(), arg, target: None, loc, handler: None }
    }

    pub fn jump(op: impl Into<InstrOp>, target: BlockId, loc: Location) -> Instr {
        Instr { op: op.into(), arg: 0, target: Some(target), loc, handler: None }
    }

    /// The target of a jump or SETUP_*; `None` for other instructions.
    pub fn target(&self) -> Option<BlockId> {
        self.target
    }

    /// Turns the instruction into a NOP, keeping its location (CPython just rewrites the opcode).
    pub fn set_nop(&mut self) {
        self.op = InstrOp::NOP;
    }

    pub fn is(&self, op: impl Into<InstrOp>) -> bool {
        self.op == op.into()
    }
}

impl fmt::Display for Instr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.op)?;
        if let Some(t) = self.target.filter(|_| self.op.has_target()) {
            write!(f, " -> b{}", t.0)?;
        } else if matches!(self.op, InstrOp::Real(op) if op.has_arg()) {
            write!(f, " {}", self.arg)?;
        }
        let l = self.loc;
        if l.has_line() { write!(f, "  @{}:{}-{}:{}", l.lineno, l.col, l.end_lineno, l.end_col) } else { Ok(()) }
    }
}

/// A basic block (compile.c's `basicblock`). Flags are CPython's; the scratch fields the assembler needs live in
/// the assembler, not here.
#[derive(Clone, Debug, Default)]
pub struct Block {
    pub instrs: Vec<Instr>,
    /// The next block in layout order (`b_next`).
    pub next: Option<BlockId>,
    /// Ends in RETURN_VALUE, RAISE_VARARGS or RERAISE (`b_exit`).
    pub exit: bool,
    /// Control never falls through to `next` (`b_nofallthrough`).
    pub nofallthrough: bool,
    /// A RETURN_VALUE was emitted into this block (`b_return`), the implicit-return test.
    pub has_return: bool,
    /// Predecessor count from `mark_reachable` (`b_predecessors`); 0 for unreachable blocks.
    pub predecessors: u32,
}

impl Block {
    pub fn is_empty(&self) -> bool {
        self.instrs.is_empty()
    }

    pub fn last(&self) -> Option<&Instr> {
        self.instrs.last()
    }

    /// compile.c's `basicblock_has_lineno`: some instruction has a line > 0.
    pub fn has_lineno(&self) -> bool {
        self.instrs.iter().any(|i| i.loc.lineno > 0)
    }

    /// compile.c's `is_exit_without_lineno`.
    pub fn is_exit_without_lineno(&self) -> bool {
        self.exit && self.instrs.iter().all(|i| i.loc.lineno < 0)
    }
}

/// The CFG of one code unit.
#[derive(Clone, Debug)]
pub struct Cfg {
    blocks: Vec<Block>,
    current: BlockId,
    need_new_implicit_block: bool,
    /// Set once `mark_reachable` has counted predecessors (the optimiser normally does it).
    pub predecessors_valid: bool,
}

impl Default for Cfg {
    fn default() -> Cfg {
        Cfg::new()
    }
}

/// The largest exit block `extend_block` copies (compile.c's `MAX_COPY_SIZE`).
pub const MAX_COPY_SIZE: usize = 4;

impl Cfg {
    /// A graph with one empty entry block, which is the current block.
    pub fn new() -> Cfg {
        Cfg {
            blocks: vec![Block::default()],
            current: BlockId(0),
            need_new_implicit_block: false,
            predecessors_valid: false,
        }
    }

    /// The entry block (the first one created).
    pub fn entry(&self) -> BlockId {
        BlockId(0)
    }

    /// The block codegen is emitting into (`u_curblock`).
    pub fn current_block(&self) -> BlockId {
        self.current
    }

    /// A new block, not yet placed in the layout (`compiler_new_block`).
    pub fn new_block(&mut self) -> BlockId {
        let id = BlockId(self.blocks.len() as u32);
        self.blocks.push(Block::default());
        id
    }

    /// Places `b` after the current block in the layout and makes it current (`compiler_use_next_block`).
    pub fn use_next_block(&mut self, b: BlockId) {
        self.blocks[self.current.index()].next = Some(b);
        self.current = b;
        self.need_new_implicit_block = false;
    }

    /// A new block placed next in the layout and made current (`compiler_next_block`).
    pub fn next_block(&mut self) -> BlockId {
        let b = self.new_block();
        self.use_next_block(b);
        b
    }

    fn push(&mut self, instr: Instr) {
        if self.need_new_implicit_block {
            self.next_block();
        }
        let block = &mut self.blocks[self.current.index()];
        if instr.is(Opcode::ReturnValue) {
            block.has_return = true;
        }
        block.instrs.push(instr);
        if instr.op.ends_block() {
            self.need_new_implicit_block = true;
        }
    }

    /// Appends an instruction with argument `arg` (0 for argumentless ones) to the current block (`ADDOP`,
    /// `ADDOP_I`). After a jump, return or raise, the next emission opens a new block, as in compile.c.
    pub fn emit(&mut self, op: impl Into<InstrOp>, arg: u32, loc: Location) {
        self.push(Instr::new(op, arg, loc));
    }

    /// Appends a jump or SETUP_* to `target` (`ADDOP_JUMP`).
    pub fn emit_jump(&mut self, op: impl Into<InstrOp>, target: BlockId, loc: Location) {
        self.push(Instr::jump(op, target, loc));
    }

    pub fn block(&self, b: BlockId) -> &Block {
        &self.blocks[b.index()]
    }

    pub fn block_mut(&mut self, b: BlockId) -> &mut Block {
        &mut self.blocks[b.index()]
    }

    /// Number of blocks ever created (including ones no longer in the layout).
    pub fn num_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// All block ids in creation order.
    pub fn block_ids(&self) -> impl DoubleEndedIterator<Item = BlockId> + use<> {
        (0..self.blocks.len() as u32).map(BlockId)
    }

    /// All block ids in CPython's `b_list` order (newest first), the order of its whole-graph loops.
    pub fn block_ids_list_order(&self) -> impl Iterator<Item = BlockId> + use<> {
        self.block_ids().rev()
    }

    /// Block ids in layout order, from the entry along `next`.
    pub fn layout(&self) -> Vec<BlockId> {
        let mut out = Vec::new();
        let mut b = Some(self.entry());
        while let Some(id) = b {
            out.push(id);
            b = self.blocks[id.index()].next;
        }
        out
    }

    /// The first non-empty block at or after `b` in layout order.
    pub fn skip_empty(&self, mut b: BlockId) -> BlockId {
        while self.blocks[b.index()].instrs.is_empty() {
            match self.blocks[b.index()].next {
                Some(n) => b = n,
                None => break,
            }
        }
        b
    }

    /// A copy of a no-fallthrough block, not yet placed in the layout (`compiler_copy_block`).
    pub fn copy_block(&mut self, b: BlockId) -> BlockId {
        let new = self.new_block();
        let src = &self.blocks[b.index()];
        let (instrs, exit) = (src.instrs.clone(), src.exit);
        let dst = &mut self.blocks[new.index()];
        dst.instrs = instrs;
        dst.exit = exit;
        dst.nofallthrough = true;
        new
    }

    /// compile.c's `normalize_basic_block` on every block: sets `exit` and `nofallthrough`, checks that jumps end
    /// their block, and moves jump targets past empty blocks.
    pub fn normalize(&mut self) -> Result<(), CompileError> {
        for id in self.block_ids_list_order() {
            let n = self.blocks[id.index()].instrs.len();
            for i in 0..n {
                let instr = self.blocks[id.index()].instrs[i];
                if instr.op.is_scope_exit() {
                    let b = &mut self.blocks[id.index()];
                    b.exit = true;
                    b.nofallthrough = true;
                } else if instr.op.is_jump() {
                    if instr.op.is_unconditional_jump() {
                        self.blocks[id.index()].nofallthrough = true;
                    }
                    if i != n - 1 {
                        return Err(CompileError::system("malformed control flow graph."));
                    }
                    if let Some(t) = instr.target {
                        let t = self.skip_empty(t);
                        self.blocks[id.index()].instrs[i].target = Some(t);
                    }
                }
            }
        }
        Ok(())
    }

    /// compile.c's `extend_block`: a block ending in an unconditional jump to a small exit block without line numbers
    /// gets a copy of that block instead of the jump. Returns whether it changed anything.
    pub fn extend_block(&mut self, id: BlockId) -> bool {
        let Some(last) = self.blocks[id.index()].instrs.last().copied() else {
            return false;
        };
        let is_plain_jump = matches!(
            last.op,
            InstrOp::Pseudo(Pseudo::Jump) | InstrOp::Real(Opcode::JumpForward | Opcode::JumpBackward)
        );
        let Some(target) = last.target.filter(|_| is_plain_jump) else {
            return false;
        };
        let t = &self.blocks[target.index()];
        if !t.exit || t.instrs.len() > MAX_COPY_SIZE || t.has_lineno() {
            return false;
        }
        let copied = t.instrs.clone();
        let b = &mut self.blocks[id.index()];
        if let Some(l) = b.instrs.last_mut() {
            l.set_nop();
        }
        b.instrs.extend(copied);
        b.exit = true;
        true
    }

    /// `extend_block` over every block in CPython's `b_list` order.
    pub fn extend_blocks(&mut self) {
        for id in self.block_ids_list_order() {
            self.extend_block(id);
        }
    }

    /// compile.c's `clean_basic_block`: removes NOPs that carry no line information of their own.
    pub fn clean_block(&mut self, id: BlockId) {
        let next_line = {
            let mut next = self.blocks[id.index()].next;
            while let Some(n) = next {
                if !self.blocks[n.index()].instrs.is_empty() {
                    break;
                }
                next = self.blocks[n.index()].next;
            }
            next.map(|n| self.blocks[n.index()].instrs[0].loc.lineno)
        };
        let instrs = &mut self.blocks[id.index()].instrs;
        let mut dest = 0;
        let mut prev_lineno = -1;
        for src in 0..instrs.len() {
            let lineno = instrs[src].loc.lineno;
            if instrs[src].is(Opcode::Nop) {
                if lineno < 0 || prev_lineno == lineno {
                    continue;
                }
                if src + 1 < instrs.len() {
                    let next_lineno = instrs[src + 1].loc.lineno;
                    if next_lineno == lineno {
                        continue;
                    }
                    if next_lineno < 0 {
                        instrs[src + 1].loc = instrs[src].loc;
                        continue;
                    }
                } else if next_line == Some(lineno) {
                    continue;
                }
            }
            instrs[dest] = instrs[src];
            dest += 1;
            prev_lineno = lineno;
        }
        instrs.truncate(dest);
    }

    /// `clean_block` over every block in layout order.
    pub fn clean_blocks(&mut self) {
        for id in self.layout() {
            self.clean_block(id);
        }
    }

    /// compile.c's `mark_reachable`: counts each block's predecessors over fallthrough, jump and SETUP edges,
    /// walking only from the entry, so unreachable blocks keep 0. Counts are reset first.
    pub fn mark_reachable(&mut self) {
        for b in &mut self.blocks {
            b.predecessors = 0;
        }
        let entry = self.entry();
        self.blocks[entry.index()].predecessors = 1;
        let mut stack = vec![entry];
        while let Some(id) = stack.pop() {
            let b = &self.blocks[id.index()];
            let fall = if b.nofallthrough { None } else { b.next };
            let targets: Vec<BlockId> =
                b.instrs.iter().filter_map(|i| i.target.filter(|_| i.op.has_target())).collect();
            for succ in fall.into_iter().chain(targets) {
                let s = &mut self.blocks[succ.index()];
                if s.predecessors == 0 {
                    stack.push(succ);
                }
                s.predecessors += 1;
            }
        }
        self.predecessors_valid = true;
    }

    /// Moves every jump and SETUP target in the layout past empty blocks. CPython's optimiser leaves no empty
    /// targets behind, so this changes nothing after it; it keeps the assembler sound when passes are switched off.
    pub fn retarget_past_empty_blocks(&mut self) {
        for id in self.layout() {
            for k in 0..self.blocks[id.index()].instrs.len() {
                let instr = self.blocks[id.index()].instrs[k];
                if instr.op.has_target()
                    && let Some(t) = instr.target
                {
                    let t = self.skip_empty(t);
                    self.blocks[id.index()].instrs[k].target = Some(t);
                }
            }
        }
    }

    /// compile.c's `eliminate_empty_basic_blocks`: unlinks empty blocks from the layout (the last block stays) and
    /// moves final jumps past empty blocks.
    pub fn eliminate_empty_blocks(&mut self) {
        let mut cur = Some(self.entry());
        while let Some(id) = cur {
            if let Some(mut next) = self.blocks[id.index()].next {
                while self.blocks[next.index()].instrs.is_empty() {
                    match self.blocks[next.index()].next {
                        Some(n) => next = n,
                        None => break,
                    }
                }
                self.blocks[id.index()].next = Some(next);
            }
            cur = self.blocks[id.index()].next;
        }
        for id in self.layout() {
            let Some(last) = self.blocks[id.index()].instrs.last().copied() else {
                continue;
            };
            if last.op.is_jump()
                && let Some(t) = last.target
            {
                let t = self.skip_empty(t);
                if let Some(l) = self.blocks[id.index()].instrs.last_mut() {
                    l.target = Some(t);
                }
            }
        }
    }
}

impl fmt::Display for Cfg {
    /// A dump in layout order, one block per paragraph, for debugging and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for id in self.layout() {
            let b = &self.blocks[id.index()];
            write!(f, "b{}:", id.0)?;
            if b.exit {
                f.write_str(" exit")?;
            }
            if b.nofallthrough {
                f.write_str(" nofallthrough")?;
            }
            writeln!(f)?;
            for i in &b.instrs {
                writeln!(f, "    {i}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L1: Location = Location::new(1, 1, 0, 1);

    #[test]
    fn jumps_open_an_implicit_block() {
        let mut cfg = Cfg::new();
        let end = cfg.new_block();
        cfg.emit(Opcode::LoadName, 0, L1);
        cfg.emit_jump(Pseudo::PopJumpIfFalse, end, L1);
        cfg.emit(Opcode::Nop, 0, L1);
        cfg.use_next_block(end);
        cfg.emit(Opcode::ReturnValue, 0, Location::NONE);
        assert_eq!(cfg.layout().len(), 3);
        assert!(cfg.block(end).has_return);
        cfg.normalize().unwrap();
        assert!(cfg.block(end).exit);
    }

    #[test]
    fn malformed_cfg_is_an_error() {
        let mut cfg = Cfg::new();
        let t = cfg.new_block();
        cfg.block_mut(BlockId(0)).instrs.push(Instr::jump(Pseudo::Jump, t, L1));
        cfg.block_mut(BlockId(0)).instrs.push(Instr::new(Opcode::Nop, 0, L1));
        cfg.use_next_block(t);
        assert!(cfg.normalize().is_err());
    }
}
