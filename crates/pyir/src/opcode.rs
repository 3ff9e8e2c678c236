//! CPython 3.11's opcode table, written once: numbers, names, inline cache sizes, flags and stack effects.
//!
//! Every other part of the toolchain (codegen, the CFG passes, the assembler, `dis` and the VM) reads opcode facts
//! from here. The numbers and cache sizes are CPython's (`Lib/opcode.py`); a test checks them against data
//! committed from that file (`test_data/opcode/`), and `stack_effect` against `dis.stack_effect`.
//!
//! Specialized (quickened) opcodes are deliberately absent: a compiler never emits them, `co_code` never holds them,
//! and our VM specializes in its own representation.

/// Per-opcode flags, combined with `|`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Flags(u16);

impl Flags {
    pub const NONE: Flags = Flags(0);
    /// Takes an argument (opcode >= `HAVE_ARGUMENT`).
    pub const ARG: Flags = Flags(1);
    /// A relative jump (`dis.hasjrel`).
    pub const JUMP: Flags = Flags(2);
    /// The jump goes backward (its argument is subtracted).
    pub const BACKWARD: Flags = Flags(4);
    /// The argument indexes `co_consts` (`dis.hasconst`).
    pub const CONST: Flags = Flags(8);
    /// The argument indexes `co_names` (`dis.hasname`; LOAD_GLOBAL's is shifted by one).
    pub const NAME: Flags = Flags(16);
    /// The argument indexes the fast locals (`dis.haslocal`).
    pub const LOCAL: Flags = Flags(32);
    /// The argument indexes localsplus as a cell or free variable (`dis.hasfree`).
    pub const FREE: Flags = Flags(64);
    /// The argument indexes `dis.cmp_op`.
    pub const COMPARE: Flags = Flags(128);

    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

/// Opcodes at or above this take an argument.
pub const HAVE_ARGUMENT: u8 = 90;

macro_rules! opcodes {
    ($($name:ident = $num:literal, $cache:literal, $($flag:ident)|+;)*) => {
        /// A real CPython 3.11 opcode. The discriminant is CPython's number.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Opcode {
            $($name = $num,)*
        }

        /// Every opcode, in numeric order.
        pub const ALL: &[Opcode] = &[$(Opcode::$name,)*];

        impl Opcode {
            /// The opcode with CPython number `byte`, if 3.11 defines one (specialized opcodes excepted).
            pub const fn from_u8(byte: u8) -> Option<Opcode> {
                match byte {
                    $($num => Some(Opcode::$name),)*
                    _ => None,
                }
            }

            /// CPython's name, as `dis` prints it.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Opcode::$name => opname!($name),)*
                }
            }

            /// Number of inline CACHE code units that follow the instruction (`_inline_cache_entries`).
            pub const fn cache_entries(self) -> u8 {
                match self {
                    $(Opcode::$name => $cache,)*
                }
            }

            pub const fn flags(self) -> Flags {
                match self {
                    $(Opcode::$name => Flags($(Flags::$flag.0)|+),)*
                }
            }
        }
    };
}

/// CPython's SCREAMING_SNAKE name for a CamelCase variant, computed at compile time.
macro_rules! opname {
    ($name:ident) => {{
        const N: &str = stringify!($name);
        const LEN: usize = screaming_len(N);
        const BYTES: [u8; LEN] = screaming::<LEN>(N);
        match std::str::from_utf8(&BYTES) {
            Ok(s) => s,
            Err(_) => panic!("opcode names are ASCII"),
        }
    }};
}

const fn screaming_len(camel: &str) -> usize {
    let b = camel.as_bytes();
    let mut n = b.len();
    let mut i = 1;
    while i < b.len() {
        if b[i].is_ascii_uppercase() {
            n += 1;
        }
        i += 1;
    }
    n
}

const fn screaming<const LEN: usize>(camel: &str) -> [u8; LEN] {
    let b = camel.as_bytes();
    let mut out = [0u8; LEN];
    let (mut i, mut j) = (0, 0);
    while i < b.len() {
        if i > 0 && b[i].is_ascii_uppercase() {
            out[j] = b'_';
            j += 1;
        }
        out[j] = b[i].to_ascii_uppercase();
        j += 1;
        i += 1;
    }
    out
}

opcodes! {
    Cache                        =   0, 0, NONE;
    PopTop                       =   1, 0, NONE;
    PushNull                     =   2, 0, NONE;
    Nop                          =   9, 0, NONE;
    UnaryPositive                =  10, 0, NONE;
    UnaryNegative                =  11, 0, NONE;
    UnaryNot                     =  12, 0, NONE;
    UnaryInvert                  =  15, 0, NONE;
    BinarySubscr                 =  25, 4, NONE;
    GetLen                       =  30, 0, NONE;
    MatchMapping                 =  31, 0, NONE;
    MatchSequence                =  32, 0, NONE;
    MatchKeys                    =  33, 0, NONE;
    PushExcInfo                  =  35, 0, NONE;
    CheckExcMatch                =  36, 0, NONE;
    CheckEgMatch                 =  37, 0, NONE;
    WithExceptStart              =  49, 0, NONE;
    GetAiter                     =  50, 0, NONE;
    GetAnext                     =  51, 0, NONE;
    BeforeAsyncWith              =  52, 0, NONE;
    BeforeWith                   =  53, 0, NONE;
    EndAsyncFor                  =  54, 0, NONE;
    StoreSubscr                  =  60, 1, NONE;
    DeleteSubscr                 =  61, 0, NONE;
    GetIter                      =  68, 0, NONE;
    GetYieldFromIter             =  69, 0, NONE;
    PrintExpr                    =  70, 0, NONE;
    LoadBuildClass               =  71, 0, NONE;
    LoadAssertionError           =  74, 0, NONE;
    ReturnGenerator              =  75, 0, NONE;
    ListToTuple                  =  82, 0, NONE;
    ReturnValue                  =  83, 0, NONE;
    ImportStar                   =  84, 0, NONE;
    SetupAnnotations             =  85, 0, NONE;
    YieldValue                   =  86, 0, NONE;
    AsyncGenWrap                 =  87, 0, NONE;
    PrepReraiseStar              =  88, 0, NONE;
    PopExcept                    =  89, 0, NONE;
    StoreName                    =  90, 0, ARG|NAME;
    DeleteName                   =  91, 0, ARG|NAME;
    UnpackSequence               =  92, 1, ARG;
    ForIter                      =  93, 0, ARG|JUMP;
    UnpackEx                     =  94, 0, ARG;
    StoreAttr                    =  95, 4, ARG|NAME;
    DeleteAttr                   =  96, 0, ARG|NAME;
    StoreGlobal                  =  97, 0, ARG|NAME;
    DeleteGlobal                 =  98, 0, ARG|NAME;
    Swap                         =  99, 0, ARG;
    LoadConst                    = 100, 0, ARG|CONST;
    LoadName                     = 101, 0, ARG|NAME;
    BuildTuple                   = 102, 0, ARG;
    BuildList                    = 103, 0, ARG;
    BuildSet                     = 104, 0, ARG;
    BuildMap                     = 105, 0, ARG;
    LoadAttr                     = 106, 4, ARG|NAME;
    CompareOp                    = 107, 2, ARG|COMPARE;
    ImportName                   = 108, 0, ARG|NAME;
    ImportFrom                   = 109, 0, ARG|NAME;
    JumpForward                  = 110, 0, ARG|JUMP;
    JumpIfFalseOrPop             = 111, 0, ARG|JUMP;
    JumpIfTrueOrPop              = 112, 0, ARG|JUMP;
    PopJumpForwardIfFalse        = 114, 0, ARG|JUMP;
    PopJumpForwardIfTrue         = 115, 0, ARG|JUMP;
    LoadGlobal                   = 116, 5, ARG|NAME;
    IsOp                         = 117, 0, ARG;
    ContainsOp                   = 118, 0, ARG;
    Reraise                      = 119, 0, ARG;
    Copy                         = 120, 0, ARG;
    BinaryOp                     = 122, 1, ARG;
    Send                         = 123, 0, ARG|JUMP;
    LoadFast                     = 124, 0, ARG|LOCAL;
    StoreFast                    = 125, 0, ARG|LOCAL;
    DeleteFast                   = 126, 0, ARG|LOCAL;
    PopJumpForwardIfNotNone      = 128, 0, ARG|JUMP;
    PopJumpForwardIfNone         = 129, 0, ARG|JUMP;
    RaiseVarargs                 = 130, 0, ARG;
    GetAwaitable                 = 131, 0, ARG;
    MakeFunction                 = 132, 0, ARG;
    BuildSlice                   = 133, 0, ARG;
    JumpBackwardNoInterrupt      = 134, 0, ARG|JUMP|BACKWARD;
    MakeCell                     = 135, 0, ARG|FREE;
    LoadClosure                  = 136, 0, ARG|FREE;
    LoadDeref                    = 137, 0, ARG|FREE;
    StoreDeref                   = 138, 0, ARG|FREE;
    DeleteDeref                  = 139, 0, ARG|FREE;
    JumpBackward                 = 140, 0, ARG|JUMP|BACKWARD;
    CallFunctionEx               = 142, 0, ARG;
    ExtendedArg                  = 144, 0, ARG;
    ListAppend                   = 145, 0, ARG;
    SetAdd                       = 146, 0, ARG;
    MapAdd                       = 147, 0, ARG;
    LoadClassderef               = 148, 0, ARG|FREE;
    CopyFreeVars                 = 149, 0, ARG;
    Resume                       = 151, 0, ARG;
    MatchClass                   = 152, 0, ARG;
    FormatValue                  = 155, 0, ARG;
    BuildConstKeyMap             = 156, 0, ARG;
    BuildString                  = 157, 0, ARG;
    LoadMethod                   = 160, 10, ARG|NAME;
    ListExtend                   = 162, 0, ARG;
    SetUpdate                    = 163, 0, ARG;
    DictMerge                    = 164, 0, ARG;
    DictUpdate                   = 165, 0, ARG;
    Precall                      = 166, 1, ARG;
    Call                         = 171, 4, ARG;
    KwNames                      = 172, 0, ARG|CONST;
    PopJumpBackwardIfNotNone     = 173, 0, ARG|JUMP|BACKWARD;
    PopJumpBackwardIfNone        = 174, 0, ARG|JUMP|BACKWARD;
    PopJumpBackwardIfFalse       = 175, 0, ARG|JUMP|BACKWARD;
    PopJumpBackwardIfTrue        = 176, 0, ARG|JUMP|BACKWARD;
}

impl Opcode {
    pub const fn has_arg(self) -> bool {
        self as u8 >= HAVE_ARGUMENT
    }

    pub const fn is_jump(self) -> bool {
        self.flags().contains(Flags::JUMP)
    }

    pub const fn is_backward_jump(self) -> bool {
        self.flags().contains(Flags::BACKWARD)
    }

    /// Ends a basic block with no fallthrough (a scope exit or an unconditional jump).
    pub const fn is_terminator(self) -> bool {
        matches!(
            self,
            Opcode::ReturnValue
                | Opcode::RaiseVarargs
                | Opcode::Reraise
                | Opcode::JumpForward
                | Opcode::JumpBackward
                | Opcode::JumpBackwardNoInterrupt
        )
    }

    /// Size in code units of the instruction with its caches (EXTENDED_ARG prefixes not counted).
    pub const fn size_units(self) -> usize {
        1 + self.cache_entries() as usize
    }

    /// Net stack effect of the instruction with argument `oparg`, on the fallthrough edge (`jump == false`) or the
    /// jump edge (`jump == true`), as CPython's `stack_effect()` computes it for `dis.stack_effect`.
    pub const fn stack_effect(self, oparg: u32, jump: bool) -> i32 {
        use Opcode::*;
        let n = oparg as i32;
        match self {
            Cache
            | Nop
            | Resume
            | ExtendedArg
            | JumpForward
            | JumpBackward
            | JumpBackwardNoInterrupt
            | UnaryPositive
            | UnaryNegative
            | UnaryNot
            | UnaryInvert
            | GetIter
            | GetYieldFromIter
            | GetAiter
            | GetAwaitable
            | Swap
            | LoadAttr
            | CopyFreeVars
            | MakeCell
            | DeleteFast
            | DeleteDeref
            | DeleteName
            | DeleteGlobal
            | KwNames
            | ListToTuple
            | ReturnGenerator
            | AsyncGenWrap
            | YieldValue
            | SetupAnnotations
            | CheckExcMatch
            | CheckEgMatch => 0,
            PopTop
            | ReturnValue
            | ImportStar
            | PrintExpr
            | PopExcept
            | PrepReraiseStar
            | Reraise
            | BinarySubscr
            | BinaryOp
            | CompareOp
            | IsOp
            | ContainsOp
            | StoreName
            | StoreFast
            | StoreGlobal
            | StoreDeref
            | DeleteAttr
            | ImportName
            | ListAppend
            | SetAdd
            | ListExtend
            | SetUpdate
            | DictMerge
            | DictUpdate
            | Call
            | PopJumpForwardIfFalse
            | PopJumpForwardIfTrue
            | PopJumpForwardIfNone
            | PopJumpForwardIfNotNone
            | PopJumpBackwardIfFalse
            | PopJumpBackwardIfTrue
            | PopJumpBackwardIfNone
            | PopJumpBackwardIfNotNone => -1,
            PushNull | LoadConst | LoadName | LoadFast | LoadDeref | LoadClassderef | LoadClosure | LoadMethod
            | LoadBuildClass | LoadAssertionError | ImportFrom | Copy | GetLen | MatchMapping | MatchSequence
            | MatchKeys | GetAnext | BeforeWith | BeforeAsyncWith | PushExcInfo | WithExceptStart => 1,
            StoreSubscr => -3,
            DeleteSubscr | StoreAttr | EndAsyncFor | MapAdd | MatchClass => -2,
            UnpackSequence => n - 1,
            UnpackEx => (n & 0xFF) + (n >> 8),
            ForIter => {
                if jump {
                    -1
                } else {
                    1
                }
            }
            Send => {
                if jump {
                    -1
                } else {
                    0
                }
            }
            JumpIfFalseOrPop | JumpIfTrueOrPop => {
                if jump {
                    0
                } else {
                    -1
                }
            }
            BuildTuple | BuildList | BuildSet | BuildString => 1 - n,
            BuildMap => 1 - 2 * n,
            BuildConstKeyMap => -n,
            BuildSlice => {
                if n == 3 {
                    -2
                } else {
                    -1
                }
            }
            LoadGlobal => 1 + (n & 1),
            Precall => -n,
            CallFunctionEx => -2 - (n & 1),
            MakeFunction => -((n & 0xF).count_ones() as i32),
            RaiseVarargs => -n,
            FormatValue => {
                if n & 4 != 0 {
                    -1
                } else {
                    0
                }
            }
        }
    }
}

/// `BINARY_OP` argument names, indexed by oparg (`_nb_ops`); 13.. are the in-place forms.
pub const NB_OPS: [&str; 26] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=", "@=", "*=", "%=",
    "|=", "**=", ">>=", "-=", "/=", "^=",
];

/// `COMPARE_OP` argument names, indexed by oparg (`dis.cmp_op`).
pub const CMP_OP: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks every opcode against `Lib/opcode.py` (committed as `test_data/opcode/opcode_py.txt`:
    /// number, name, caches, and the hasjrel/hasconst/hasname/haslocal/hasfree/hascompare memberships).
    #[test]
    fn table_matches_cpython() {
        let data = include_str!("../test_data/opcode/opcode_py.txt");
        let mut seen = 0;
        for line in data.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            let num: u8 = f[0].parse().unwrap();
            let op = Opcode::from_u8(num).unwrap_or_else(|| panic!("missing opcode {num} {}", f[1]));
            assert_eq!(op.name(), f[1]);
            assert_eq!(op.cache_entries().to_string(), f[2], "{}", f[1]);
            let flags = [Flags::JUMP, Flags::CONST, Flags::NAME, Flags::LOCAL, Flags::FREE, Flags::COMPARE];
            for (flag, want) in flags.iter().zip(&f[3..]) {
                assert_eq!(op.flags().contains(*flag), *want == "1", "{} {:?}", f[1], flag);
            }
            assert_eq!(op.has_arg(), num >= HAVE_ARGUMENT);
            seen += 1;
        }
        assert_eq!(seen, ALL.len());
        assert!(ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stack_effects_match_dis() {
        let data = include_str!("../test_data/opcode/stack_effect.txt");
        for line in data.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            let op = ALL.iter().find(|o| o.name() == f[0]).unwrap();
            let arg: u32 = f[1].parse().unwrap();
            let want: i32 = f[3].parse().unwrap();
            assert_eq!(op.stack_effect(arg, f[2] == "1"), want, "{line}");
        }
    }
}
