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
//! - [`index`]: the sharded files.
//!
//! Queries and their ranking exist only in `search.js` (tested in Node against the files
//! a build writes, `tests/browser/search-rank.test.mjs`); the tests here check the files.

pub mod docs;
pub mod index;
pub mod normalize;

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
    use super::index::{cite_key, key_hash, office_key, term_keys};
    use super::normalize::normalize;
    use super::*;
    use crate::doc::{Document, Duty, Meta, Node, NodeKind, Plan, Role, Status, Table};
    use std::collections::BTreeMap;

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

    /// The number of document `slug/id`.
    fn doc(plans: &[Plan], docs: &[docs::Doc], name: &str) -> usize {
        docs.iter()
            .position(|d| format!("{}/{}", plans[d.plan].slug, d.id) == name)
            .unwrap_or_else(|| panic!("no document {name}"))
    }

    fn postings(built: &Built, key: &str) -> BTreeMap<usize, Vec<usize>> {
        index::postings(&built.files, key).unwrap()
    }

    /// Where `term` (folded) starts in document `d`'s folded text, by plain search.
    fn starts(docs: &[docs::Doc], d: usize, term: &str) -> Vec<usize> {
        let (text, t) = (normalize(&docs[d].full()), normalize(term));
        (0..text.len())
            .filter(|&i| text[i..].starts_with(&t))
            .collect()
    }

    /// Asserts that the index holds every key of `term` exactly where plain search over each
    /// document's folded text finds it (a pair: its positions; a character: its count).
    fn assert_keys_are_the_text(built: &Built, docs: &[docs::Doc], term: &str) {
        for key in term_keys(&normalize(term)) {
            let want: BTreeMap<usize, Vec<usize>> = (0..docs.len())
                .filter_map(|d| {
                    let at = starts(docs, d, &key);
                    match key.chars().count() {
                        _ if at.is_empty() => None,
                        2 => Some((d, at)),
                        _ => Some((d, vec![at.len()])),
                    }
                })
                .collect();
            assert_eq!(postings(built, &key), want, "{term}: key {key}");
        }
    }

    /// Asserts that `term` stands in document `d` as a string in the index: the i-th pair of
    /// the term holds `d` at each start + i. Returns the starts.
    fn assert_term_at(built: &Built, docs: &[docs::Doc], d: usize, term: &str) -> Vec<usize> {
        let at = starts(docs, d, term);
        assert!(!at.is_empty(), "{term} is not in {}", docs[d].full());
        for (i, key) in term_keys(&normalize(term)).iter().enumerate() {
            let held = postings(built, key).remove(&d).unwrap_or_default();
            for p in &at {
                assert!(
                    held.contains(&(p + i)),
                    "{term}: {key} not at {} in {}",
                    p + i,
                    docs[d].id
                );
            }
        }
        at
    }

    #[test]
    fn documents_carry_citation_and_offices() {
        let docs = index::documents(&sample());
        let d = docs.iter().find(|d| d.id == "2-2").unwrap();
        assert_eq!(d.citation, "二2");
        assert_eq!(d.offices, vec!["县教体局", "县财政局"]);
        assert_eq!(
            d.roles,
            ["县教体局".into(), "县财政局".into(), String::new()]
        );
        // The model found 到2025年 in the text.
        assert_eq!(d.deadlines, "到2025年");
        let row = docs.iter().find(|d| d.id == "annex1-1").unwrap();
        assert_eq!(row.citation, "附件1第1行");
        assert_eq!(row.title, "深化县管校聘管理改革");
        assert_eq!(row.restates, None);
    }

    /// 丁县's draft: clause 1 and an annex row restating it (row_links), a row restating
    /// nothing with offices and a deadline of its own.
    fn with_annex() -> Vec<Plan> {
        let mut clause = node(
            "1",
            "1.",
            "化解大班额",
            "2025年底前全面消除大班额。",
            &["县教体局", "县财政局"],
        );
        clause.duties[1].role = Role::Cooperating;
        let table = Table {
            id: "annex2".into(),
            label: "附件2".into(),
            header: vec![vec![
                "序号".into(),
                "任务".into(),
                "牵头单位".into(),
                "完成时限".into(),
            ]],
            rows: vec![
                vec![
                    "1".into(),
                    "化解大班额".into(),
                    "县教体局".into(),
                    "2025年底前".into(),
                ],
                vec![
                    "2".into(),
                    "建设智慧校园".into(),
                    "县科技局".into(),
                    "2026年6月前".into(),
                ],
            ],
            row_ids: vec!["annex2-1".into(), "annex2-2".into()],
            row_links: vec!["1".into(), String::new()],
            ..Table::default()
        };
        let mut d = Document {
            meta: Meta {
                title: "丁县教育行动计划".into(),
                slug: "d".into(),
                region: "丁县".into(),
                status: Status::Draft,
                status_text: "征求意见稿".into(),
                doc_number: "丁政办发〔2024〕7号".into(),
                ..Meta::default()
            },
            nodes: vec![node("0", "一、", "总体要求", "", &[]), clause],
            tables: vec![table],
            ..Document::default()
        };
        d.nodes[0].kind = NodeKind::Part;
        let mut plans = sample();
        plans.push(crate::model::analyze("d.md", &d, &Default::default()));
        plans
    }

    #[test]
    fn a_row_restating_a_clause_is_paired_with_it_and_hits_answer_who_and_when() {
        let plans = with_annex();
        let docs = index::documents(&plans);
        let built = build(&plans);
        let meta: serde_json::Value =
            serde_json::from_str(&built.files["search/meta.json"]).unwrap();
        let pm = &meta["plans"][2];
        assert_eq!(pm["slug"], "d");
        assert_eq!(pm["draft"], "征求意见稿");
        assert_eq!(pm["doc_number"], "丁政办发〔2024〕7号");
        // Final texts carry neither a status nor a pairing.
        assert!(meta["plans"][0].get("draft").is_none() && meta["plans"][0].get("same").is_none());
        // The pair, relative to the plan's first document: row annex2-1 restates clause 1.
        let first = pm["first"].as_u64().unwrap() as usize;
        let same: Vec<usize> = serde_json::from_value(pm["same"].clone()).unwrap();
        assert_eq!(same.len(), 2, "{same:?}");
        assert_eq!(docs[first + same[0]].id, "annex2-1");
        assert_eq!(docs[first + same[1]].id, "1");
        assert_eq!(docs[first + same[0]].restates.as_deref(), Some("1"));

        // The docs rows hold lead, responsible, cooperating and deadlines after the text,
        // empty fields at the end left out.
        let chunks: Vec<usize> = serde_json::from_value(meta["chunks"].clone()).unwrap();
        let row_of = |n: usize| -> Vec<String> {
            let c = chunks.iter().rposition(|&f| f <= n).unwrap();
            let path = index::part_path(&meta, "docs", c).unwrap();
            let rows: Vec<Vec<String>> = serde_json::from_str(&built.files[&path]).unwrap();
            rows[n - chunks[c]].clone()
        };
        let clause = row_of(first + same[1]);
        assert_eq!(clause[..2], ["1".to_string(), "1".to_string()]);
        assert_eq!(clause[4..], ["县教体局", "", "县财政局", "2025年底前"]);
        // The linked row answers with its clause's offices and deadlines.
        assert_eq!(row_of(first + same[0])[4..], clause[4..]);
        // The row restating nothing: its own 牵头单位 and 完成时限 columns.
        let n = docs.iter().position(|d| d.id == "annex2-2").unwrap();
        assert_eq!(row_of(n)[4..], ["县科技局", "", "", "2026年6月前"]);
        // A clause of a plan without duties or deadlines: the row ends with its text.
        let bare = docs
            .iter()
            .position(|d| d.offices.is_empty() && d.deadlines.is_empty())
            .unwrap();
        assert_eq!(row_of(bare).len(), 4);
    }

    #[test]
    fn a_clause_number_is_a_key() {
        let plans = with_annex();
        let docs = index::documents(&plans);
        let built = build(&plans);
        // 二2 is 甲县's 2-2; 1 is 丁县's clause; full-width and spaced forms fold alike.
        assert_eq!(cite_key("二（一）3"), cite_key("二(一) 3"));
        assert_eq!(cite_key("附件２第1行"), Some(" c附件2第1行".into()));
        assert_eq!(cite_key(""), None);
        for (cite, ids) in [
            ("二2", vec!["2-2"]),
            ("附件2第1行", vec!["annex2-1"]),
            ("附件1第1行", vec!["annex1-1"]),
        ] {
            let found: Vec<&str> = postings(&built, &cite_key(cite).unwrap())
                .into_keys()
                .map(|d| docs[d].id.as_str())
                .collect();
            assert_eq!(found, ids, "{cite}");
        }
        // Every document is under its own citation's key.
        for (n, d) in docs.iter().enumerate() {
            assert!(postings(&built, &cite_key(&d.citation).unwrap()).contains_key(&n));
        }
    }

    #[test]
    fn a_term_is_its_pairs_in_a_row() {
        let plans = sample();
        let built = build(&plans);
        let docs = index::documents(&plans);
        let at = |name: &str| doc(&plans, &docs, name);
        for term in ["心理健康", "学生健康", "心理", "健康"] {
            assert_keys_are_the_text(&built, &docs, term);
        }
        // 心理健康 stands three times in 2-1, once in 乙县's 1.
        assert_eq!(
            assert_term_at(&built, &docs, at("a/2-1"), "心理健康").len(),
            3
        );
        assert_eq!(
            assert_term_at(&built, &docs, at("b/1"), "心理健康").len(),
            1
        );
        // 2-3 holds 心理 and 健康 apart, never the pair 理健: 心理健康 cannot be found there,
        // the two words 心理 健康 can.
        assert!(!postings(&built, "理健").contains_key(&at("a/2-3")));
        assert_eq!(
            assert_term_at(&built, &docs, at("a/2-3"), "学生健康").len(),
            1
        );
        assert_term_at(&built, &docs, at("a/2-3"), "心理");
        assert_term_at(&built, &docs, at("a/2-3"), "健康");
        // 康心 occurs nowhere, so 健康心理 finds nothing.
        assert!(postings(&built, "康心").is_empty());
    }

    #[test]
    fn scattered_pairs_keep_their_own_positions() {
        // All three pairs of 心理健康 in clause 1, none next to the other; in a row in 2.
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
        let docs = index::documents(&plans);
        let want = |a: usize, b: usize| BTreeMap::from([(0, vec![a]), (1, vec![b])]);
        // 心理辅导\n重视健康和理健之说: 心理 at 0, 健康 at 7, 理健 at 10.
        assert_eq!(postings(&built, "心理"), want(0, 0));
        assert_eq!(postings(&built, "理健"), want(10, 1));
        assert_eq!(postings(&built, "健康"), want(7, 2));
        assert!(starts(&docs, 0, "心理健康").is_empty());
        assert_eq!(assert_term_at(&built, &docs, 1, "心理健康"), vec![0]);
    }

    #[test]
    fn substrings_mixed_text_and_variants_are_keys() {
        let plans = sample();
        let built = build(&plans);
        let docs = index::documents(&plans);
        let at = |name: &str| doc(&plans, &docs, name);
        let d22 = at("a/2-2");
        for term in [
            "理健康",
            "除大",
            "5g",
            "aed",
            "2025年",
            "县管校聘",
            "县管校聘管理",
            "额",
        ] {
            assert_keys_are_the_text(&built, &docs, term);
        }
        // Across a word boundary: 理健康 where 心理健康 stands, one character on.
        let whole = assert_term_at(&built, &docs, at("a/2-1"), "心理健康");
        let part = assert_term_at(&built, &docs, at("a/2-1"), "理健康");
        assert_eq!(part, whole.iter().map(|p| p + 1).collect::<Vec<_>>());
        assert_eq!(
            postings(&built, "除大").into_keys().collect::<Vec<_>>(),
            vec![d22]
        );
        // Full-width and upper-case forms fold to the keys of the printed text (５Ｇ, ＡＥＤ).
        for (typed, printed) in [
            ("5G", "５Ｇ"),
            ("AED", "ＡＥＤ"),
            ("aed", "ＡＥＤ"),
            ("２０２５年", "2025年"),
        ] {
            assert_eq!(normalize(typed), normalize(printed), "{typed}");
            assert_term_at(&built, &docs, d22, typed);
        }
        assert_eq!(
            postings(&built, "5g").into_keys().collect::<Vec<_>>(),
            vec![d22]
        );
        // Traditional: 縣 folds to 县, and the browser gets that entry in t2s.json.
        assert_eq!(normalize("縣管校聘"), normalize("县管校聘"));
        assert_term_at(&built, &docs, at("b/1"), "縣管校聘");
        let meta: serde_json::Value =
            serde_json::from_str(&built.files["search/meta.json"]).unwrap();
        let t2s: [String; 2] = serde_json::from_str(
            &built.files[&format!("search/t2s-{}.json", meta["t2s"].as_str().unwrap())],
        )
        .unwrap();
        let i = t2s[0]
            .chars()
            .position(|c| c == '縣')
            .expect("縣 in t2s.json");
        assert_eq!(t2s[1].chars().nth(i), Some('县'));
        // The table row's title was broken over two lines in the cell.
        assert_term_at(&built, &docs, at("b/annex1-1"), "县管校聘管理");
        // One character: its own key, with its count.
        assert_eq!(postings(&built, "额"), BTreeMap::from([(d22, vec![2])]));
        for key in term_keys(&normalize("不存在的词")) {
            assert!(postings(&built, &key).is_empty(), "{key}");
        }
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
        let key = office_key(n);
        let path = index::part_path(&meta, "idx", (key_hash(&key) % shards) as usize).unwrap();
        let shard: serde_json::Value = serde_json::from_str(&built.files[&path]).unwrap();
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
        for n in 0..shards {
            let path = index::part_path(&meta, "idx", n as usize).unwrap();
            let s: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&a.files[&path]).unwrap();
            for k in s.keys() {
                assert_eq!(key_hash(k) % shards, n, "{k}");
            }
            // The hand-written encoding is what serde_json writes for the same map.
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
        // search.js implements the same function; tests/browser/search-rank.test.mjs pins
        // the same values on it, so a change on either side fails.
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
