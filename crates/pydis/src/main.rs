//! `pydis`: `python3 -m dis` for our toolchain.
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--check-marshal") {
        let (mut ok, mut bad) = (0, 0);
        for path in &args[1..] {
            let data = std::fs::read(path).unwrap();
            let code = match pyir::marshal::loads_code(&data) {
                Ok(c) => c,
                Err(e) => {
                    println!("{path}: load error {e}");
                    bad += 1;
                    continue;
                }
            };
            let out = pyir::marshal::dumps(&code).unwrap();
            if out == data {
                ok += 1;
            } else {
                let at = out.iter().zip(&data).position(|(a, b)| a != b).unwrap_or(out.len().min(data.len()));
                println!("{path}: differs at {at} (len {} vs {})", out.len(), data.len());
                let _ = std::fs::write(format!("{path}.ours"), &out);
                bad += 1;
            }
        }
        println!("identical {ok}, different {bad}");
    }
    ExitCode::SUCCESS
}
