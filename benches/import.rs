//! Importer speed: one raw seed export → the plan model (decode, notice, structure, tables).
//!
//!     cargo bench --bench import

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

fn import(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/ is committed")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    seeds.sort();
    let mut g = c.benchmark_group("import");
    for p in &seeds {
        let bytes = std::fs::read(p).expect("seed readable");
        let name = planpress::import::source_name(p);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        let id = p
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        g.bench_function(id, |b| {
            b.iter(|| {
                planpress::import::import_text(&name, black_box(&bytes)).expect("seed imports")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
