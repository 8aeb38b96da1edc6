//! Rendering one plan page (the largest committed plan) from the loaded site, templates
//! compiled once outside the loop, as in a build.
//!
//!     cargo bench --bench render

use criterion::{criterion_group, criterion_main, Criterion};
use planpress::config::Config;
use planpress::graph::SiteGraph;
use planpress::render::{pages, Renderer, Site};
use std::path::Path;

fn render(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(root).expect("planpress.toml");
    let loaded = planpress::load::load(&root.join("content")).expect("content loads");
    let plans = planpress::model::build(loaded.docs, &loaded.aliases);
    let graph = SiteGraph::build(&plans);
    let renderer = Renderer::new(root, &[planpress::render::TEMPLATES]).expect("templates compile");
    let site = Site {
        config: &config,
        base_url: "https://example.org/".into(),
        plans: &plans,
        versions: &[],
        graph: &graph,
        pages: &loaded.pages,
        page_html: &[],
        nav: vec![],
        search: false,
    };
    let plan = plans
        .iter()
        .max_by_key(|p| p.all_nodes().len())
        .expect("content has plans");
    c.bench_function(&format!("plan page {}", plan.slug), |b| {
        b.iter(|| pages::plan_page(&renderer, &site, plan).expect("renders"))
    });
    c.bench_function(&format!("clause pages {}", plan.slug), |b| {
        b.iter(|| pages::clause_pages(&renderer, &site, plan).expect("renders"))
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
