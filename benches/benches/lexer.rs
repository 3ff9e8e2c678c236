//! Lexer throughput on a bundled corpus of standard-library modules (`benches/corpus/`), in bytes
//! per second: the parser-facing C-tokenizer stream, and the `tokenize.py` stream.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use benches::corpus;

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
