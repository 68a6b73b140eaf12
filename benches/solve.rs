//! Criterion benchmarks of the core engine on the sample fixture: validating the scenario,
//! building the MIP, the full solve (agency cost proven optimal, then the secondary stage) and
//! the primary stage alone, with 2 threads.
//!
//! Run: `cargo bench -p roster --bench solve`, then `python3 benches/medians.py` prints the
//! medians for BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};
use roster::eligibility::{components, Candidates};
use roster::formulation::{Formulation, Mode};
use roster::{load_scenario, solve, Instance, SolveOptions};
use std::time::Duration;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)
}

fn sample(c: &mut Criterion) {
    let scenario = load_scenario(&fixture("sample-pool.json")).expect("sample fixture");
    let instance = Instance::from_scenario(&scenario).expect("valid sample");

    c.bench_function("sample_pool/validate", |b| b.iter(|| Instance::from_scenario(&scenario).unwrap()));
    c.bench_function("sample_pool/build_model", |b| {
        b.iter(|| {
            let candidates = Candidates::of(&instance);
            components(&instance, &candidates)
                .iter()
                .map(|comp| Formulation::build(&instance, &candidates, comp, Mode::Roster).rows())
                .sum::<usize>()
        })
    });
    let mut group = c.benchmark_group("sample_pool");
    group.sample_size(10).measurement_time(Duration::from_secs(60));
    let options = SolveOptions { threads: 2, ..SolveOptions::default() };
    group.bench_function("solve_optimal_2_threads", |b| b.iter(|| solve(&instance, &options).unwrap()));
    // Agency cost proven optimal, without the secondary (tie-breaking) stage.
    let primary = SolveOptions { secondary: false, ..options };
    group.bench_function("solve_optimal_2_threads_primary_only", |b| b.iter(|| solve(&instance, &primary).unwrap()));
    group.finish();
}

criterion_group!(benches, sample);
criterion_main!(benches);
