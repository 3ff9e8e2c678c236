//! VM throughput on small loop kernels (the seed tutorial's slow_loop/fast_loop, a recursive fib, a nested
//! arithmetic loop). Compilation happens once, outside the timed region. For a side-by-side wall-time comparison
//! with python3, run `crates/pyvm/bench/compare.sh`.

use criterion::{Criterion, criterion_group, criterion_main};

const PROGRAMS: &[(&str, &str)] = &[
    ("loops", include_str!("../../crates/pyvm/bench/loops.py")),
    ("fib", include_str!("../../crates/pyvm/bench/fib.py")),
    ("nested", include_str!("../../crates/pyvm/bench/nested.py")),
];

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("vm");
    group.sample_size(10);
    for (name, src) in PROGRAMS {
        let code = match pyopt::compile_source(src.as_bytes(), name, &pyopt::OptConfig::cpython()) {
            Ok(code) => code,
            Err(e) => panic!("{name} does not compile: {e}"),
        };
        let config = pyvm::RunConfig { capture: true, source_dir: None, stdout_surrogateescape: false };
        group.bench_function(*name, |b| {
            b.iter(|| {
                let r = pyvm::run_code(code.clone(), &config);
                assert!(matches!(r, Ok(ref r) if r.exit_code == 0));
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
