//! Text exports in the forms real plans take (`tests/fixtures/text-forms/`): a policy
//! database's fields above the title, 版记 and 文号 lines around it, flattened tables,
//! crawled pages with pinyin, and the clause and deadline forms of county plans. Each
//! fixture is made-up content written in the form; each test states what a careful reader
//! takes from the page.

use crate::import_common::import_ok;
use planpress::doc::{Document, Plan, Role};
use std::path::{Path, PathBuf};

fn source(name: &str) -> String {
    format!("tests/fixtures/text-forms/{name}")
}

fn bytes(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(source(name));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn import(name: &str) -> Document {
    import_ok(&source(name), &bytes(name))
}

/// Import, write the content file, read it back and analyse it, as `build` does.
#[allow(dead_code)]
fn plan(name: &str) -> Plan {
    let doc = import(name);
    let text = planpress::content::write(&doc).expect("writes");
    let md = format!("content/plans/{}.md", doc.meta.slug);
    let back = planpress::content::parse(&md, &text).unwrap_or_else(|e| panic!("{e:#}"));
    let mut plans = planpress::model::build(vec![(PathBuf::from(&md), back)], &Default::default());
    plans.remove(0)
}

#[allow(dead_code)]
fn duties(p: &Plan, id: &str) -> Vec<(String, Role)> {
    p.find(id)
        .unwrap_or_else(|| panic!("no node {id}"))
        .duties
        .iter()
        .map(|d| (d.unit.clone(), d.role))
        .collect()
}

#[test]
fn policy_database_fields_are_metadata_not_the_title() {
    let d = import("policy_db_fields.txt");
    let m = &d.meta;
    assert_eq!(m.title, "云岭县推进义务教育优质均衡发展实施方案");
    assert_eq!(m.region, "云岭县");
    assert_eq!(m.doc_number, "云政发〔2024〕3号");
    assert_eq!(m.issuers, vec!["云岭县人民政府"]);
    assert_eq!(
        (m.written.as_str(), m.issued.as_str()),
        ("2024-03-27", "2024-03-29")
    );
    assert_eq!(m.topic, "教育");
    assert_eq!(
        m.source_url,
        "https://www.example.gov.cn/zwgk/zcwj/202403/t20240329_0001.html"
    );
    assert!(
        m.catalog.contains(&"失效日期：2027年3月31日".to_string()),
        "{:?}",
        m.catalog
    );
    assert!(m.catalog.iter().any(|c| c.starts_with("索引号：")));
    assert_eq!(d.preamble.len(), 1, "{:?}", d.preamble);
    assert!(d.preamble[0].starts_with("为推进"));
    assert_eq!(d.nodes.len(), 2);
    // The fields survive the content file.
    let text = planpress::content::write(&d).expect("writes");
    let back = planpress::content::parse("x.md", &text).expect("parses");
    assert_eq!(back.meta.source_url, m.source_url);
    assert_eq!(back.meta.catalog, m.catalog);
}
