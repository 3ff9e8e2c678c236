//! The `pyfront` command: `pyfront tokenize [-e] FILE` (like `python3 -m tokenize`), and the
//! other front-end stages as subcommands.

use std::process::ExitCode;

mod cli_args;
mod cli_ast;
mod cli_check;
mod cli_tokenize;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(command) = args.next() else {
        eprintln!("usage: pyfront <tokenize|ast|check> [options] FILE");
        return ExitCode::from(2);
    };
    let rest: Vec<_> = args.collect();
    match command.to_str() {
        Some("tokenize") => cli_tokenize::main(rest),
        Some("ast") => cli_ast::main(rest),
        Some("check") => cli_check::main(rest),
        _ => {
            eprintln!("pyfront: unknown command {}", command.to_string_lossy());
            ExitCode::from(2)
        }
    }
}
