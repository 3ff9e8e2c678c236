//! Parser throughput on the bundled corpus of standard-library modules (`benches/corpus/`), in bytes per second:
//! source text to a finished AST (lexer, token adapter, LALR parse, literal conversion), one arena reused.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use benches::corpus;

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
