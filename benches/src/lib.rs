//! Shared pieces of the criterion benchmarks in `benches/`.

use std::path::Path;

/// The bundled corpus of standard-library modules (`benches/corpus/*.py`), decoded, in file-name order.
pub fn corpus() -> Vec<String> {
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
