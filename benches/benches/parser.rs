//! Parser throughput on the bundled corpus of standard-library modules (`benches/corpus/`), in bytes per second:
//! source text to a finished AST (lexer, token adapter, LALR parse, literal conversion), one arena reused.
//! FIXME: `dataclasses.py` uses `match`, which the grammar does not parse yet; its parse stops at the first one.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn corpus() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("benches/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("readable corpus file");
            pyfront::source::decode(&bytes).expect("corpus decodes").text
        })
        .collect()
}

fn parser(c: &mut Criterion) {
    let sources = corpus();
    let bytes: usize = sources.iter().map(String::len).sum();
    let mut group = c.benchmark_group("parser");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("corpus", |b| {
        let mut arena = bumpalo::Bump::new();
        b.iter(|| {
            let mut ok = 0usize;
            for s in &sources {
                ok += usize::from(pyfront::parse(s, pyfront::Mode::Module, &arena).is_ok());
                arena.reset();
            }
            std::hint::black_box(ok)
        })
    });
    group.finish();
}

criterion_group!(benches, parser);
criterion_main!(benches);
