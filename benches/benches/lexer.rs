//! Lexer throughput on a bundled corpus of standard-library modules (`benches/corpus/`), in bytes
//! per second: the parser-facing C-tokenizer stream, and the `tokenize.py` stream.

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

fn lexer(c: &mut Criterion) {
    let sources = corpus();
    let bytes: usize = sources.iter().map(String::len).sum();
    let mut group = c.benchmark_group("lexer");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parser_stream", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for s in &sources {
                for t in pyfront::lexer::Lexer::new(s) {
                    n += usize::from(t.is_ok());
                }
            }
            std::hint::black_box(n)
        })
    });
    group.bench_function("tokenize_py_stream", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for s in &sources {
                n += pyfront::lexer::tokenize_py(s, Some("utf-8")).map_or(0, |t| t.len());
            }
            std::hint::black_box(n)
        })
    });
    group.finish();
}

criterion_group!(benches, lexer);
criterion_main!(benches);
