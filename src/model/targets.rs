//! Numeric targets: `到2027年，…学前三年毛入园率达到99.95%以上` in the text, and indicator
//! tables (`类别 | 指标 | 2020年 | 2025年 | 属性`) where one row may hold several
//! indicators, the k-th line of each cell belonging together.
//!
//! A text target needs an indicator that reads as a measure (ends in 率, 比例, 占比, 年限,
//! 人数, …), a verb of reaching (达到, 提高到, 保持, 控制在, 巩固在, …) and a number. Its year
//! is the last `到YYYY年` before it in the same paragraph, or none: a target without a
//! printed year gets none rather than an invented one.

use crate::doc::{DeadlineKind, Table, Target, Warning};
use crate::model::deadlines::digits;
use regex::Regex;
use std::sync::LazyLock;

static YEAR_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:到|至|截至|力争到)\s*([0-9０-９]{4})\s*年").expect("year context regex")
});

/// A verb of reaching and its value: `提高到95%以上`. The indicator before it is found by
/// [`indicator_before`], not by the regex: a lazy `[^，。…]{2,40}?` in front made the regex's
/// DFA large enough that building it was a fifth of a small site's build.
static TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:持续|稳定|继续|进一步|力争|全面|均|总体|分别)?",
        r"(?:达到|提高到|提升到|增加到|增长到|降低到|下降到|降至|提高至|提升至|控制在|保持在|保持|稳定在|巩固在|达)",
        r"\s*(?P<val>[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:%|％|个百分点|万人|人|年|所|个|名)?",
        r"(?:\s*[、和]\s*[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:%|％)?)*",
        r"\s*(?:以上|以下|以内|左右)?)"
    ))
    .expect("target regex")
});

/// A share reaching a standard: `80%以上学校班额达到国家标准`, `50%以上的…学校配置…教室`. The
/// share opens its clause (a punctuation mark or a word of aim before it).
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:^|[，,。；;：:]|确保|力争|推动|实现)\s*",
        r"(?P<val>[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:%|％)\s*(?:以上|以下)?)",
        r"的?(?P<ind>[^，,。；;：:、\n0-9０-９]{2,24}?(?:达到|达|配置|实现|配备)[^，,。；;：:\n0-9０-９]{2,20})"
    ))
    .expect("share regex")
});

/// A count to create or build: `创建铸牢…示范校10所`, `建成5所智慧校园示范校`, `组建7个教共体`.
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    const VERB: &str = r"(?P<verb>创建|建成|争创|创成|打造|培育|组建|新建|培养造就|培养|遴选|评选)";
    const N: &str = r"(?P<val>[0-9０-９]+(?:\s*[-—–－~～]\s*[0-9０-９]+)?\s*(?:所|个|堂|名|家|项|支|批|人)(?:以上|左右)?)";
    Regex::new(&format!(
        r"{VERB}(?:(?P<obj>[^，,。；;：:\n0-9０-９]{{1,30}}?){N}|{N2}(?P<obj2>[^，,。；;：:\n0-9０-９（(]{{2,24}}))",
        N2 = N.replace("?P<val>", "?P<val2>"),
    ))
    .expect("count regex")
});

/// See [`crate::model::warm`].
pub(crate) fn warm() {
    for re in [&YEAR_CONTEXT, &TARGET, &PAST_PERIOD, &SHARE, &COUNT] {
        LazyLock::force(re);
    }
}

/// Characters an indicator phrase never crosses.
const PHRASE_BREAKS: &[char] = &['，', ',', '。', '；', ';', '：', ':', '！', '？', '\n'];

/// The indicator phrase ending at `end`: up to 40 characters back, not crossing a break nor
/// going before `floor` (the end of the previous target). `None` when it is shorter than 2.
fn indicator_before(para: &str, floor: usize, end: usize) -> Option<usize> {
    let mut start = end;
    for (n, (i, ch)) in para[floor..end].char_indices().rev().enumerate() {
        if n == 40 || PHRASE_BREAKS.contains(&ch) {
            break;
        }
        start = floor + i;
    }
    (para[start..end].chars().nth(1).is_some()).then_some(start)
}

/// Endings of a phrase that names a measure.
const MEASURES: &[&str] = &[
    "率",
    "比例",
    "占比",
    "年限",
    "人数",
    "比",
    "数量",
    "覆盖面",
    "水平",
    "数",
    "规模",
];

/// Leading words that are grammar, not part of the indicator's name.
const LEADS: &[&str] = &[
    "其中", "全县", "确保", "力争", "使", "实现", "并", "且", "和", "其", "以上",
];

fn clean_indicator(s: &str) -> Option<String> {
    let mut t = s.trim();
    // Keep the last clause of the phrase: `…初步形成，劳动年龄人口…` is cut at punctuation
    // by the regex; a year phrase inside is cut here.
    if let Some(m) = YEAR_CONTEXT.find_iter(t).last() {
        t = &t[m.end()..];
    }
    t = t.trim_start_matches(['，', ',', ' ', '、']);
    loop {
        let before = t;
        for l in LEADS {
            if let Some(r) = t.strip_prefix(l) {
                t = r;
            }
        }
        if t == before {
            break;
        }
    }
    let t = t.trim();
    let ok = t.chars().count() >= 2 && MEASURES.iter().any(|m| t.ends_with(m));
    ok.then(|| t.to_string())
}

static PAST_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[“\x22]?(十[一二三四五六七八九]?)五[”\x22]?(?:期间|时期|以来)")
        .expect("past period regex")
});

/// Whether the sentence before a match states what has been reached (a baseline), not a
/// goal: `截至2020年底…`, `近年来…`, `“十三五”期间…达到100%` in a plan whose period starts
/// after the 十三五. `before` is the sentence up to the indicator.
fn states_the_past(before: &str, period: Option<[i32; 2]>) -> bool {
    let t = before.trim_start_matches(['，', ',', ' ', '\n']);
    // `…以来，…到2027年，…达到95%`: a goal year in the sentence makes it a target again.
    if YEAR_CONTEXT
        .find_iter(t)
        .any(|m| !m.as_str().starts_with("截"))
    {
        return false;
    }
    if ["截至", "截止", "目前", "近年来", "过去", "现有", "当前"]
        .iter()
        .any(|w| t.starts_with(w))
        || t.contains("以来")
    {
        return true;
    }
    let Some(c) = PAST_PERIOD.captures(t) else {
        return false;
    };
    let Some(n) = c.get(1).and_then(|g| crate::label::han_number(g.as_str())) else {
        return false;
    };
    // The N-th five-year plan ends in 1985 + 5 (N − 6).
    let end = 1985 + 5 * (n as i32 - 6);
    period.is_some_and(|[start, _]| end < start)
}

/// Targets stated in one node's text.
pub fn in_text(node_id: &str, text: &str) -> Vec<Target> {
    in_text_within(node_id, text, None)
}

/// Targets stated in one node's text of a plan with `period`: sentences about an earlier
/// period (`“十三五”期间…达到100%` in a 十四五 plan) are baselines, not targets.
pub fn in_text_within(node_id: &str, text: &str, period: Option<[i32; 2]>) -> Vec<Target> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let years: Vec<(usize, i32)> = YEAR_CONTEXT
            .captures_iter(para)
            .filter_map(|c| Some((c.get(0)?.start(), digits(c.get(1)?.as_str())?)))
            .collect();
        let mut floor = 0;
        let mut from = 0;
        while let Some(c) = TARGET.captures_at(para, from) {
            let (Some(m), Some(val)) = (c.get(0), c.name("val")) else {
                break;
            };
            let Some(ind_start) = indicator_before(para, floor, m.start()) else {
                from = m.start() + para[m.start()..].chars().next().map_or(1, char::len_utf8);
                continue;
            };
            (floor, from) = (m.end(), m.end().max(m.start() + 1));
            let ind = &para[ind_start..m.start()];
            let Some(indicator) = clean_indicator(ind) else {
                continue;
            };
            let sentence_start = para[..ind_start].rfind(['。', '；', '！']).map_or(0, |i| {
                i + para[i..].chars().next().map_or(1, char::len_utf8)
            });
            if states_the_past(&para[sentence_start..m.start()], period) {
                continue;
            }
            let year = years
                .iter()
                .rev()
                .find(|(at, _)| *at < m.start())
                .map(|(_, y)| *y);
            out.push(Target {
                indicator,
                category: String::new(),
                baseline: String::new(),
                baseline_year: None,
                value: val.as_str().trim().to_string(),
                year,
                nature: String::new(),
                source: node_id.to_string(),
            });
        }
        // Shares and counts: what a phrase says it will reach, as printed.
        let mut found: Vec<(usize, String, String)> = Vec::new();
        for c in SHARE.captures_iter(para) {
            let (Some(val), Some(ind)) = (c.name("val"), c.name("ind")) else {
                continue;
            };
            found.push((
                val.start(),
                ind.as_str().trim().to_string(),
                val.as_str().trim().to_string(),
            ));
        }
        for c in COUNT.captures_iter(para) {
            let (Some(m), Some(verb)) = (c.get(0), c.name("verb")) else {
                continue;
            };
            let (obj, val) = match (c.name("obj"), c.name("val"), c.name("obj2"), c.name("val2")) {
                (Some(o), Some(v), _, _) => (o.as_str(), v.as_str()),
                (_, _, Some(o), Some(v)) => (o.as_str(), v.as_str()),
                _ => continue,
            };
            // `每年创建1—2所…` is a duty repeated every year, not a count reached once.
            if para[..m.start()].ends_with("每年") {
                continue;
            }
            found.push((
                m.start(),
                format!("{}{}", verb.as_str(), obj.trim()),
                val.trim().to_string(),
            ));
        }
        found.sort();
        for (at, indicator, value) in found {
            let sentence_start = para[..at].rfind(['。', '；', '！']).map_or(0, |i| {
                i + para[i..].chars().next().map_or(1, char::len_utf8)
            });
            if states_the_past(&para[sentence_start..at], period)
                || out
                    .iter()
                    .any(|t: &Target| t.indicator == indicator && t.value == value)
            {
                continue;
            }
            // The year it is due: a `到YYYY年` before it, else the time phrase of its sentence
            // (`2024—2026年新建…6所` → 2026, `2025年底前新建…` → 2025); a start has none.
            let year = years
                .iter()
                .rev()
                .find(|(y_at, _)| *y_at < at)
                .map(|(_, y)| *y)
                .or_else(|| {
                    crate::model::deadlines::find(&para[sentence_start..at])
                        .iter()
                        .rev()
                        .find_map(|d| match d.kind {
                            DeadlineKind::By | DeadlineKind::In => d.year,
                            DeadlineKind::From => d.end_year,
                            _ => None,
                        })
                });
            out.push(Target {
                indicator,
                category: String::new(),
                baseline: String::new(),
                baseline_year: None,
                value,
                year,
                nature: String::new(),
                source: node_id.to_string(),
            });
        }
    }
    out
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn lines(cell: &str) -> Vec<String> {
    cell.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Targets of an indicator table: a column named 指标 and at least one year column.
/// Returns `None` when `t` is not an indicator table.
pub fn in_table(t: &Table, warnings: &mut Vec<Warning>) -> Option<Vec<Target>> {
    let (header, body): (&[String], &[Vec<String>]) = match t.header.last() {
        Some(h) => (h, &t.rows),
        None => (t.rows.first()?, t.rows.get(1..)?),
    };
    let h: Vec<String> = header.iter().map(|c| squash(c)).collect();
    let ind = h.iter().position(|c| c == "指标" || c.ends_with("指标"))?;
    let year_cols: Vec<(usize, i32)> = h
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let y = c.strip_suffix('年').unwrap_or(c);
            let y = y.trim_end_matches(['（', '）', '(', ')']);
            (y.chars().count() == 4
                && y.chars()
                    .all(|ch| ch.is_ascii_digit() || ('０'..='９').contains(&ch)))
            .then(|| digits(y))
            .flatten()
            .map(|y| (i, y))
        })
        .collect();
    let (&(target_col, target_year), base) = match year_cols.as_slice() {
        [] => return None,
        [only] => (only, None),
        [first, .., last] => (last, Some(*first)),
    };
    let cat = h
        .iter()
        .position(|c| c == "类别" || c == "类型" || c == "领域");
    let nature = h.iter().position(|c| c == "属性" || c == "指标属性");
    let mut out = Vec::new();
    for (r, row) in body.iter().enumerate() {
        let row_id = t
            .row_ids
            .get(r)
            .cloned()
            .unwrap_or_else(|| format!("{}-{}", t.id, r + 1));
        // A row shorter than the header lost its leading cells to a merge (类别 and 指标 in
        // one cell): its cells line up with the header from the right.
        let shift = header.len().saturating_sub(row.len());
        let col = |i: Option<usize>| {
            i.and_then(|i| i.checked_sub(shift))
                .and_then(|i| row.get(i))
                .map(|c| lines(c))
                .unwrap_or_default()
        };
        let inds = col(Some(ind));
        let vals = col(Some(target_col));
        let bases = col(base.map(|b| b.0));
        let natures = col(nature);
        let category = if cat.is_some_and(|c| c < shift) {
            String::new()
        } else {
            squash(&col(cat).join(""))
        };
        let n = inds.len();
        let fits = |v: &Vec<String>, optional: bool| v.len() == n || (optional && v.len() <= 1);
        if !fits(&vals, false) || !fits(&bases, base.is_none()) || !fits(&natures, true) {
            warnings.push(t.warning(
                Some(r),
                format!(
                    "{} row {}: {} indicators but {} target values and {} baselines; lines paired in order as printed",
                    if t.label.is_empty() { &t.id } else { &t.label },
                    r + 1,
                    n,
                    vals.len(),
                    bases.len()
                ),
            ));
        }
        for (k, indicator) in inds.into_iter().enumerate() {
            let pick = |v: &Vec<String>| {
                v.get(k)
                    .or(if v.len() == 1 { v.first() } else { None })
                    .cloned()
                    .unwrap_or_default()
            };
            out.push(Target {
                indicator,
                category: category.clone(),
                baseline: bases.get(k).cloned().unwrap_or_default(),
                baseline_year: base.map(|b| b.1),
                value: vals.get(k).cloned().unwrap_or_default(),
                year: Some(target_year),
                nature: pick(&natures),
                source: row_id.clone(),
            });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baselines_of_an_earlier_period_are_not_targets() {
        let t =
            "“十三五”期间，全区中小学宽带网络接入率达到100%。到2025年，智慧教室占比达到60%以上。";
        let got: Vec<_> = in_text_within("1", t, Some([2021, 2025]))
            .into_iter()
            .map(|x| (x.indicator, x.year))
            .collect();
        assert_eq!(got, vec![("智慧教室占比".to_string(), Some(2025))]);
        // In a 十三五 plan the same sentence is its goal.
        assert_eq!(in_text_within("1", t, Some([2016, 2020])).len(), 2);
        assert!(in_text("1", "近年来，全县高中阶段毛入学率达到95%。").is_empty());
    }

    #[test]
    fn text_targets() {
        // (text, [(indicator, value, year)])
        type Case = (
            &'static str,
            &'static [(&'static str, &'static str, Option<i32>)],
        );
        let cases: &[Case] = &[
            (
                "到2027年，教育强县建设取得阶段性成效。劳动年龄人口平均受教育年限达到10.5年，学前三年毛入园率达到99.95%以上，九年义务教育巩固率保持100%。",
                &[
                    ("劳动年龄人口平均受教育年限", "10.5年", Some(2027)),
                    ("学前三年毛入园率", "99.95%以上", Some(2027)),
                    ("九年义务教育巩固率", "100%", Some(2027)),
                ],
            ),
            (
                "到2035年，学前三年毛入园率持续巩固在99.95%以上。",
                &[("学前三年毛入园率", "99.95%以上", Some(2035))],
            ),
            (
                "完善测试制度，到2025年学生体质健康测试优良率、合格率达到55%、95%以上。",
                &[("学生体质健康测试优良率、合格率", "55%、95%以上", Some(2025))],
            ),
            (
                "全县公办幼儿园在园幼儿占比达到65%以上。",
                &[("公办幼儿园在园幼儿占比", "65%以上", None)],
            ),
            // A count to create, and a share reaching a standard (石泉, 泾源).
            (
                "到2027年，创建铸牢中华民族共同体意识示范校10所，形成典型经验。",
                &[("创建铸牢中华民族共同体意识示范校", "10所", Some(2027))],
            ),
            (
                "到2027年教育专网实现各级各类学校全覆盖，建成5所智慧校园示范校。",
                &[("建成智慧校园示范校", "5所", Some(2027))],
            ),
            (
                "全面消除中小学大班额，80%以上学校班额达到国家标准，组建7个教共体。",
                &[
                    ("学校班额达到国家标准", "80%以上", None),
                    ("组建教共体", "7个", None),
                ],
            ),
            ("特殊需要儿童少年入园率达85%。", &[("特殊需要儿童少年入园率", "85%", None)]),
            // A duty every year is no count reached once.
            ("力争每年创建1—2所省、市级智慧教育示范校。", &[]),
            // Not targets: no measure, or no number.
            ("确保幼儿园办园条件达到规定标准。", &[]),
            ("可按照不低于50%的比例作为绩效工资来源。", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<_> = in_text("1", text)
                .into_iter()
                .map(|t| (t.indicator, t.value, t.year))
                .collect();
            let want: Vec<_> = want
                .iter()
                .map(|(i, v, y)| (i.to_string(), v.to_string(), *y))
                .collect();
            assert_eq!(got, want, "text: {text}");
        }
    }

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            id: "table-1".into(),
            label: "表1".into(),
            header: vec![header.iter().map(|s| s.to_string()).collect()],
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
            row_ids: (1..=rows.len()).map(|i| format!("table-1-{i}")).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn indicator_table_pairs_lines() {
        let t = table(
            &["类别", "指标", "2020年", "2025年", "属性"],
            &[
                &[
                    "学前\n\n教育",
                    "幼儿园在园人数（万人）\n\n学前三年毛入园率（%）",
                    "1.7\n\n99.0",
                    "1.1\n\n99.0",
                    "预期性\n\n预期性\n\n",
                ],
                &[
                    "高中阶段教育",
                    "在校生（万人）\n\n其中：中职在校生\n\n毛入学率（%）",
                    "1.37\n\n0.31\n\n98.0",
                    "1.3\n0.34\n\n98.5",
                    "约束性",
                ],
                // 类别 and 指标 merged into one cell.
                &["劳动年龄人口平均受教育年限（年）", "11.9", "12.2", "预期性"],
            ],
        );
        let mut w = vec![];
        let got = in_table(&t, &mut w).expect("indicator table");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(got.len(), 6);
        let last = &got[5];
        assert_eq!(
            (
                last.indicator.as_str(),
                last.baseline.as_str(),
                last.value.as_str()
            ),
            ("劳动年龄人口平均受教育年限（年）", "11.9", "12.2")
        );
        assert_eq!(
            (last.nature.as_str(), last.category.as_str()),
            ("预期性", "")
        );
        assert_eq!(got[0].category, "学前教育");
        assert_eq!(got[1].indicator, "学前三年毛入园率（%）");
        assert_eq!(
            (got[1].baseline.as_str(), got[1].value.as_str()),
            ("99.0", "99.0")
        );
        assert_eq!(
            (got[1].baseline_year, got[1].year),
            (Some(2020), Some(2025))
        );
        assert_eq!(got[3].indicator, "其中：中职在校生");
        assert_eq!(
            (got[3].baseline.as_str(), got[3].value.as_str()),
            ("0.31", "0.34")
        );
        assert_eq!(got[3].nature, "约束性", "one nature for the whole row");
        assert_eq!(got[3].source, "table-1-2");
    }

    #[test]
    fn ragged_rows_are_reported() {
        let t = table(
            &["类别", "指标", "2020年", "2025年", "属性"],
            &[&[
                "义务教育",
                "在校生（万人）\n巩固率（%）",
                "3.9",
                "4.5\n99.6",
                "预期性",
            ]],
        );
        let mut w = vec![];
        let got = in_table(&t, &mut w).expect("indicator table");
        assert_eq!(got.len(), 2);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(got[1].baseline, "");
    }

    #[test]
    fn other_tables_are_not_indicator_tables() {
        let t = table(
            &["时  间", "主要工作内容", "工作目标"],
            &[&["2021年", "推进", "目标"]],
        );
        assert!(in_table(&t, &mut vec![]).is_none());
        let t = table(
            &["项目", "2021年", "2022年", "合计"],
            &[&["校舍", "1", "2", "3"]],
        );
        assert!(in_table(&t, &mut vec![]).is_none());
    }
}
