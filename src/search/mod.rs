//! Search stage: a static full-text index of every clause, written by `build` next to the
//! pages and queried in the browser by `themes/default/static/search.js`.
//!
//! Why a home-grown index rather than Pagefind: Chinese has no spaces, and citizens search
//! for strings (大班额, 县管校聘) that a word segmenter may split differently from the text
//! or not at all (理健康 crosses a word boundary). Character bigrams with positions find
//! every substring, tell an exact match from scattered characters without fetching any text,
//! and index a site in milliseconds. See the README's "Search" section for figures.
//!
//! - [`normalize`]: the character fold shared with the browser;
//! - [`docs`]: what is a document (clauses and table rows);
//! - [`index`]: the sharded files;
//! - [`query`]: the ranking, as the browser runs it.

pub mod docs;
pub mod index;
pub mod normalize;
pub mod query;

pub use index::{build, write, Built, Memory, Sink, Stats};

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} documents, {} keys in {} shards ({} bytes, encoded in {} groups), {} text chunks; {} files, {} bytes",
            self.docs,
            self.keys,
            self.shards,
            self.index_bytes,
            self.groups,
            self.chunks,
            self.files,
            self.bytes
        )
    }
}

#[cfg(test)]
mod tests {
    use super::index::{key_hash, office_key};
    use super::query::search;
    use super::*;
    use crate::doc::{Document, Duty, Meta, Node, NodeKind, Plan, Role, Table};

    fn node(id: &str, label: &str, title: &str, text: &str, units: &[&str]) -> Node {
        Node {
            id: id.into(),
            key: String::new(),
            kind: NodeKind::Item,
            label: label.into(),
            title: title.into(),
            text: text.into(),
            duties: units
                .iter()
                .enumerate()
                .map(|(i, u)| Duty {
                    unit: u.to_string(),
                    role: if i == 0 {
                        Role::Lead
                    } else {
                        Role::Responsible
                    },
                    printed: String::new(),
                    source: "clause".into(),
                })
                .collect(),
            deadlines: vec![],
            children: vec![],
            line: 0,
            rows: vec![],
        }
    }

    fn plan(slug: &str, region: &str, nodes: Vec<Node>, tables: Vec<Table>) -> Plan {
        let d = Document {
            meta: Meta {
                title: format!("{region}教育规划"),
                slug: slug.into(),
                region: region.into(),
                ..Meta::default()
            },
            nodes,
            tables,
            ..Document::default()
        };
        crate::model::analyze("x.md", &d, &Default::default())
    }

    fn sample() -> Vec<Plan> {
        let mut part = node("2", "二、", "主要任务", "", &[]);
        part.kind = NodeKind::Part;
        part.children = vec![
            node(
                "2-1",
                "1.",
                "加强心理健康教育",
                "配齐心理健康教师，开展心理健康测评。",
                &["县教体局", "县卫健局"],
            ),
            node(
                "2-2",
                "2.",
                "化解大班额",
                "到2025年全面消除大班额。推进５Ｇ校园和ＡＥＤ配置。",
                &["县教体局", "县财政局"],
            ),
            node(
                "2-3",
                "3.",
                "关注学生健康",
                "加强心理辅导与体质健康监测。",
                &["县卫健局"],
            ),
        ];
        let a = plan("a", "甲县", vec![part], vec![]);
        let table = Table {
            id: "annex1".into(),
            label: "附件1".into(),
            rows: vec![vec!["1".into(), "深化县管校聘\n管理改革".into()]],
            row_ids: vec!["annex1-1".into()],
            row_links: vec![String::new()],
            ..Table::default()
        };
        let b = plan(
            "b",
            "乙县",
            vec![node(
                "1",
                "一、",
                "推进县管校聘",
                "落实心理健康。",
                &["县财政局"],
            )],
            vec![table],
        );
        vec![a, b]
    }

    fn ids(plans: &[Plan], built: &Built, q: &str) -> Vec<(String, bool)> {
        let docs = index::documents(plans);
        search(&built.files, q)
            .unwrap()
            .into_iter()
            .map(|h| {
                (
                    format!("{}/{}", plans[docs[h.doc].plan].slug, docs[h.doc].id),
                    h.exact,
                )
            })
            .collect()
    }

    #[test]
    fn documents_carry_citation_and_offices() {
        let docs = index::documents(&sample());
        let d = docs.iter().find(|d| d.id == "2-2").unwrap();
        assert_eq!(d.citation, "二2");
        assert_eq!(d.offices, vec!["县教体局", "县财政局"]);
        let row = docs.iter().find(|d| d.id == "annex1-1").unwrap();
        assert_eq!(row.citation, "附件1第1行");
        assert_eq!(row.title, "深化县管校聘管理改革");
    }

    #[test]
    fn exact_matches_rank_before_scattered_ones() {
        let plans = sample();
        let built = build(&plans);
        let r = ids(&plans, &built, "心理健康");
        // 2-1 has it three times, 1 once; 2-3 has 心理 … 健康 only scattered? No: it lacks
        // the bigram 理健, so it is not a result at all.
        assert_eq!(
            r,
            vec![("a/2-1".into(), true), ("b/1".into(), true)],
            "{r:?}"
        );
        // 学生健康 is exact in 2-3 only.
        assert_eq!(
            ids(&plans, &built, "学生健康"),
            vec![("a/2-3".into(), true)]
        );
        // Scattered: both bigrams 健康 and 心理 present, not adjacent, in 2-3.
        let r = ids(&plans, &built, "心理 健康");
        assert!(r.contains(&("a/2-3".into(), true)), "{r:?}");
        let r = ids(&plans, &built, "健康心理");
        assert!(r.is_empty(), "康心 occurs nowhere: {r:?}");
    }

    #[test]
    fn scattered_bigrams_rank_last() {
        // 心理健康 in 2-1 is exact; a query whose bigrams all occur but never in a row.
        let plans = vec![plan(
            "c",
            "丙县",
            vec![
                node("1", "一、", "心理辅导", "重视健康和理健之说", &[]),
                node("2", "二、", "心理健康", "", &[]),
            ],
            vec![],
        )];
        let built = build(&plans);
        assert_eq!(
            ids(&plans, &built, "心理健康"),
            vec![("c/2".into(), true), ("c/1".into(), false)]
        );
    }

    #[test]
    fn substrings_mixed_text_and_variants_match() {
        let plans = sample();
        let built = build(&plans);
        assert_eq!(ids(&plans, &built, "理健康")[0], ("a/2-1".into(), true));
        assert_eq!(ids(&plans, &built, "除大"), vec![("a/2-2".into(), true)]);
        assert_eq!(ids(&plans, &built, "5G"), vec![("a/2-2".into(), true)]);
        assert_eq!(ids(&plans, &built, "aed"), vec![("a/2-2".into(), true)]);
        assert_eq!(
            ids(&plans, &built, "２０２５年"),
            vec![("a/2-2".into(), true)]
        );
        let r = ids(&plans, &built, "縣管校聘");
        assert!(r.contains(&("b/1".into(), true)), "{r:?}");
        assert!(r.iter().all(|(_, exact)| *exact), "{r:?}");
        // The table row's title was broken over two lines in the cell.
        assert!(ids(&plans, &built, "县管校聘管理").contains(&("b/annex1-1".into(), true)));
        // One character.
        assert_eq!(ids(&plans, &built, "额"), vec![("a/2-2".into(), true)]);
        assert!(ids(&plans, &built, "").is_empty());
        assert!(ids(&plans, &built, "不存在的词").is_empty());
    }

    #[test]
    fn offices_are_keys_per_county() {
        let plans = sample();
        let built = build(&plans);
        let meta: serde_json::Value =
            serde_json::from_str(&built.files["search/meta.json"]).unwrap();
        let offices = meta["offices"].as_array().unwrap();
        // 县财政局 of 甲县 and of 乙县 are two offices.
        let fin: Vec<_> = offices.iter().filter(|o| o[1] == "县财政局").collect();
        assert_eq!(fin.len(), 2);
        let n = offices
            .iter()
            .position(|o| o[0] == "乙县" && o[1] == "县财政局")
            .unwrap();
        let shards = meta["shards"].as_u64().unwrap() as u32;
        let dir = meta["dir"].as_str().unwrap();
        let key = office_key(n);
        let shard: serde_json::Value = serde_json::from_str(
            &built.files[&format!("search/{dir}/idx/{}.json", key_hash(&key) % shards)],
        )
        .unwrap();
        // Only doc 4 (乙县 一、) names it: docs are 二, 2-1, 2-2, 2-3, then 乙县 一、, annex1-1.
        assert_eq!(shard[&key], serde_json::json!([[4]]));
    }

    #[test]
    fn output_is_deterministic_and_sharded() {
        let plans = sample();
        let a = build(&plans);
        let b = build(&plans);
        assert_eq!(a.files, b.files);
        assert_eq!(a.stats.files, a.files.len());
        // Every key lives in the shard its hash names, and nowhere else.
        let meta: serde_json::Value = serde_json::from_str(&a.files["search/meta.json"]).unwrap();
        let shards = meta["shards"].as_u64().unwrap() as u32;
        let dir = meta["dir"].as_str().unwrap();
        for n in 0..shards {
            let s: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&a.files[&format!("search/{dir}/idx/{n}.json")]).unwrap();
            for k in s.keys() {
                assert_eq!(key_hash(k) % shards, n, "{k}");
            }
            // The hand-written encoding is what serde_json writes for the same map.
            let path = format!("search/{dir}/idx/{n}.json");
            assert_eq!(serde_json::to_string(&s).unwrap(), a.files[&path], "{path}");
        }
    }

    #[test]
    fn groups_do_not_change_the_output() {
        // One shard per group (budget of 1 byte) against everything in one group.
        let text = "推进教育高质量发展，办好人民满意的教育。县管校聘".repeat(10);
        let mut nodes: Vec<Node> = (0..200)
            .map(|i| {
                node(
                    &i.to_string(),
                    "1.",
                    &format!("第{i}项任务"),
                    &text,
                    &["县教体局"],
                )
            })
            .collect();
        nodes.push(node("x", "2.", "縣管校聘 \\ \"引号\"", "", &[]));
        let plans = vec![plan("big", "大县", nodes, vec![]), sample().remove(1)];
        let one = Memory::default();
        let s1 = index::write_with(&plans, &one, usize::MAX).unwrap();
        let many = Memory::default();
        let s2 = index::write_with(&plans, &many, 1).unwrap();
        assert_eq!(s1.groups, 1);
        assert_eq!(s2.groups, s2.shards);
        assert!(s2.shards > 1);
        assert_eq!(one.into_files(), many.into_files());
    }

    #[test]
    fn key_hash_is_stable() {
        // search.js implements the same function; these values were computed with it
        // (node, `Math.imul`), so a change on either side fails here.
        let pins = [
            ("", 0x5db4_a501),
            ("心理", 0x4fe7_09d9),
            ("理心", 0x39f8_a199),
            ("5g", 0x0ff1_f470),
            (" o12", 0x6f8e_3fac),
            ("𠀀a", 0x30f0_9a79),
        ];
        for (k, h) in pins {
            assert_eq!(key_hash(k), h, "{k:?}");
        }
    }

    #[test]
    fn shards_grow_with_the_index() {
        let text = "推进教育高质量发展，办好人民满意的教育。".repeat(40);
        let nodes: Vec<Node> = (0..300)
            .map(|i| node(&i.to_string(), "1.", &format!("第{i}项任务"), &text, &[]))
            .collect();
        let plans = vec![plan("big", "大县", nodes, vec![])];
        let b = build(&plans);
        assert!(b.stats.shards > 1);
        assert!(b.stats.chunks > 10);
        let biggest = b
            .files
            .iter()
            .filter(|(p, _)| p.contains("/docs/"))
            .map(|(_, c)| c.len())
            .max()
            .unwrap();
        assert!(biggest < 64 * 1024, "{biggest}");
    }
}
