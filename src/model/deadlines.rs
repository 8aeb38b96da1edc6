//! Time phrases of plan text: when a task must be done.
//!
//! The rules, in the order they claim text (an earlier rule wins where two overlap):
//!
//! | phrase                                  | kind        | year / month / end_year |
//! |-----------------------------------------|-------------|-------------------------|
//! | `2021至2025年`, `2021—2025年`            | from (span) | 2021, –, 2025           |
//! | `到2027年`, `至2025年底`, `到2025年度末` | by       | 2027                    |
//! | `2025年底前`, `2025年8月前`, `2025年以前` | by          | 2025 (8)                |
//! | `2025年上半年`, `2024年第三季度`, `2025年秋季学期前` | by | 2025 (no month)     |
//! | `到“十四五”末`, `“十五五”期末`            | by          | 2025, 2030              |
//! | `2024年4月—5月`, `2024年6月—2025年6月`     | from (span) | 2024 (4) – 2024 (5)     |
//! | `完成时限：2025年12月` inside a clause     | as in a time cell               |
//! | `2024年起`, `从2024年开始`               | from        | 2024                    |
//! | `力争2024年`, `力争2024年度`             | in          | 2024                    |
//! | `2024年投入使用`, `2024年完成` (a verb of completion follows) | in | 2024     |
//! | `每年`, `每学期`, `每学年`, `每3年`        | recurring   | none                    |
//! | `每年9月底前`                             | recurring   | –, 9                    |
//! | `长期坚持`                               | ongoing     | none                    |
//!
//! What is *not* a deadline in running text: a bare year (`2020年全县有…` is a baseline,
//! `2023年3月17日` a date of issue), `十四五`, verbs such as `持续推进`, which Chinese
//! plans use in nearly every sentence, how long the text holds (`有效期至2027年12月31日`,
//! `执行至2025年底`), and a date that picks out who qualifies (`…至2024年1月31日引进的人才`).
//! Traditional characters of the words around a date (`力爭`, `長期堅持`) read alike. In a time column of a table (`完成时限`, `时间`) the
//! cell is a deadline by position, so a bare `2021年` there counts (kind `in`) and so do
//! `持续推进`, `长期`, `常态化` (kind `ongoing`). Full-width digits are read as digits;
//! the phrase is kept exactly as printed.

use crate::doc::{Deadline, DeadlineKind};
use regex::Regex;
use std::sync::LazyLock;

const Y: &str = r"([0-9０-９]{4})\s*";

#[derive(Clone)]
struct Rule {
    re: Regex,
    kind: DeadlineKind,
    /// Group 2 is the end year of a span (otherwise it is a month).
    span: bool,
    /// Groups: start year, start month, end year (optional), end month.
    month_span: bool,
    /// Group 1 is the ordinal of a five-year plan (`十四五`末 → its last year, 2025).
    five_year: bool,
}

fn rules(in_cell: bool) -> &'static [Rule] {
    // Text and cells share all but their last rules: each shared regex is compiled once.
    static SHARED: LazyLock<Vec<Rule>> = LazyLock::new(shared_rules);
    static TEXT: LazyLock<Vec<Rule>> = LazyLock::new(|| {
        with_rules(
            &SHARED,
            // Traditional characters as printed on some county sites (`長期堅持`).
            &[(
                r"长期坚持|长期执行|長期堅持|長期執行".to_string(),
                DeadlineKind::Ongoing,
            )],
        )
    });
    static CELL: LazyLock<Vec<Rule>> = LazyLock::new(|| {
        with_rules(
            &SHARED,
            &[
                (
                    format!(r"{Y}年(?:度)?(?:\s*([0-9０-９]{{1,2}})\s*月)?"),
                    DeadlineKind::In,
                ),
                (
                    r"长期坚持|長期堅持|长期|長期|持续推进|持續推進|持续|持續|常态化|常態化"
                        .to_string(),
                    DeadlineKind::Ongoing,
                ),
            ],
        )
    });
    if in_cell {
        &CELL
    } else {
        &TEXT
    }
}

/// `shared` followed by `extra` (never spans, never a five-year ordinal).
fn with_rules(shared: &[Rule], extra: &[(String, DeadlineKind)]) -> Vec<Rule> {
    let mut v = shared.to_vec();
    v.extend(extra.iter().map(|(re, kind)| Rule {
        re: Regex::new(re).expect("deadline regex"),
        kind: *kind,
        span: false,
        month_span: false,
        five_year: false,
    }));
    v
}

fn shared_rules() -> Vec<Rule> {
    use DeadlineKind::*;
    let v = vec![
        // Span of months: `2024年6月—2025年6月`, `2024年4月—5月` (a stage of the work).
        (
            format!(
                r"{Y}年\s*([0-9０-９]{{1,2}})\s*月(?:份)?\s*(?:至|到|—|－|–|-|~|～)+\s*(?:{Y}年\s*)?([0-9０-９]{{1,2}})\s*月(?:份)?(?:底|末)?"
            ),
            From,
        ),
        // Span: both ends are years; the second carries 年 (or the first does).
        (
            format!(r"{Y}年?\s*(?:至|到|—|－|–|-|~|～)+\s*{Y}年(?:度)?"),
            From,
        ),
        (
            format!(
                r"(?:到|至|截至|截止到|截止|力争到|争取到|力爭到|爭取到)\s*{Y}年(?:度)?\s*(?:([0-9０-９]{{1,2}})\s*月)?(?:底|末|年底|年末)?(?:前|以前|之前)?"
            ),
            By,
        ),
        (
            format!(
                r"{Y}年(?:度)?\s*(?:([0-9０-９]{{1,2}})\s*月(?:\s*[0-9０-９]{{1,2}}\s*日)?)?\s*年?(?:底前|末前|底|末|前|以前|之前)"
            ),
            By,
        ),
        // `2025年上半年`, `2024年第三季度`: by then, the month left as printed (not invented).
        (
            format!(
                r"{Y}年\s*(?:上半年|下半年|第?[一二三四1-4]季度|(?:春季|秋季)(?:学期|开学)?|暑期|暑假|寒假)(?:末|底)?(?:前|以前|之前|内)?"
            ),
            By,
        ),
        // `到“十四五”末`, `“十五五”期末`.
        (
            r"(?:到|至|力争到|争取到)?\s*[“\x22]?十([一二三四五六七八九]?)五[”\x22]?\s*(?:期末|时期末|末)(?:前)?"
                .to_string(),
            By,
        ),
        // `2024年起`, `从2024年9月起` (the month of a start is kept).
        (
            format!(
                r"(?:从|自)?\s*{Y}年(?:度)?\s*(?:([0-9０-９]{{1,2}})\s*月(?:份)?)?\s*(?:起|开始)"
            ),
            From,
        ),
        (format!(r"(?:力争|争取|确保|力爭|爭取|確保)\s*{Y}年(?:度)?(?:內|内)?"), In),
        (
            format!(
                r"{Y}年(?:度)?(?:内)?\s*(?:全面|基本|全部|如期|初步|率先)?(?:建成|完成|投入使用|投用|实现|實現|启动|啟動|开工|開工|竣工|达到|達到|交付|通过|通過)"
            ),
            In,
        ),
        // `每年9月底前` keeps its month: every year, by September.
        (
            r"每(?:年|学年)\s*([0-9０-９]{1,2})\s*月(?:份)?(?:底|末|上旬|中旬|下旬)?(?:前|以前|之前)?"
                .to_string(),
            Recurring,
        ),
        (
            r"每(?:年|学期|学年|半年|季度|月|[0-9０-９一二三四五]+年)".to_string(),
            Recurring,
        ),
    ];
    v.into_iter()
        .enumerate()
        .map(|(i, (re, kind))| Rule {
            re: Regex::new(&re).expect("deadline regex"),
            kind,
            // The span rules are the first two.
            month_span: i == 0,
            span: i == 1,
            // The one rule whose first group is a Chinese ordinal, not digits.
            five_year: re.contains("十(["),
        })
        .collect()
}

/// Read a number written with ASCII or full-width digits.
pub fn digits(s: &str) -> Option<i32> {
    let mut n: i32 = 0;
    let mut any = false;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => continue,
        };
        n = n.checked_mul(10)?.checked_add(d as i32)?;
        any = true;
    }
    any.then_some(n)
}

fn plausible_year(y: i32) -> bool {
    (1949..=2100).contains(&y)
}

/// `《…布局规划（2021—2035年）》`: a span in brackets right after a name is the period of the
/// document or programme it names, not a deadline of this plan.
fn is_named_period(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let after = text[end..].trim_start();
    let Some(name) = before
        .strip_suffix('（')
        .or_else(|| before.strip_suffix('('))
    else {
        return false;
    };
    // Only after a name: `《…》（2021—2035年）`, `…规划（…）`, `…工程（…）`. A stage of the work
    // (`宣传动员阶段（2024年4月—5月）`) is dated by its bracket.
    const NAMES: &[&str] = &[
        "》", "规划", "纲要", "方案", "计划", "意见", "工程", "行动", "战略", "办法",
    ];
    NAMES.iter().any(|n| name.ends_with(n)) && (after.starts_with('）') || after.starts_with(')'))
}

/// A dated phrase that states a fact rather than a duty: `截至2020年底，全县共有…` (a status
/// date), `2020年底已建成…` (past tense), `2020年前后` (about), `2023年起草` (a verb).
fn not_a_deadline(text: &str, start: usize, end: usize) -> bool {
    let phrase = &text[start..end];
    let before = text[..start].trim_end();
    let after = &text[end..];
    let status_date = (phrase.starts_with("截至")
        || phrase.starts_with("截止")
        || before.ends_with("截至")
        || before.ends_with("截止"))
        && !phrase.ends_with('前');
    let clause: String = after
        .chars()
        .skip_while(|c| matches!(c, '，' | ',' | ' '))
        .take_while(|c| !matches!(c, '。' | '；' | ';' | '\n'))
        .take(16)
        .collect();
    let past = ["已经", "已", "共有", "累计", "现有", "全县有"]
        .iter()
        .any(|w| {
            clause.starts_with(w)
                || clause.contains(&format!("，{w}"))
                || clause.chars().take(6).collect::<String>().contains(w)
        });
    let about = after.starts_with('后') || after.starts_with("左右");
    // `有效期至2027年12月31日`, `本办法执行至2025年底`: how long the text itself holds.
    let lead: String = {
        // Within the phrase's own clause: `有效期3年。2025年底前…` is a deadline.
        let mut v: Vec<char> = before
            .chars()
            .rev()
            .take_while(|c| !matches!(c, '。' | '；' | ';' | '，' | ',' | '\n'))
            .take(24)
            .collect();
        v.reverse();
        v.into_iter().collect()
    };
    let validity = lead.contains("有效期")
        || (phrase.starts_with('至') && (lead.ends_with("执行") || lead.ends_with("施行")));
    // `2023年3月1日至2024年1月31日引进的人才`: a span that says who qualifies.
    let who = WHO_QUALIFIES.is_match(after);
    let verb = phrase.ends_with('起')
        && ["草", "步", "点", "诉"]
            .iter()
            .any(|w| after.starts_with(w));
    status_date || past || about || verb || validity || who
}

/// After a time phrase: the people or things it picks out (`…31日引进的人才`, `…期间出生的`),
/// a condition of eligibility rather than a duty.
static WHO_QUALIFIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[0-9０-９]{1,2}\s*日)?\s*(?:止|期间|之间|以来|以后|以前|内)?\s*[^，,。；;\n的]{0,4}?(?:引进|出生|入学|毕业|录用|招聘|招录|注册|认定|落户|签约|签订|取得|登记|参保|就业|入职|退休|获得|购买|购置)的")
        .expect("eligibility regex")
});

/// `每生每年800元`, `每人每年`: a `每年` right after another `每X` is part of a rate (an amount
/// per pupil and year), not a task repeated every year.
fn is_rate(text: &str, start: usize, end: usize) -> bool {
    let before: Vec<char> = text[..start].chars().rev().take(3).collect();
    // `每生`, `每人`, `每校`, `每班` … just before: two characters, the first 每.
    // `每月200元`: an amount right after 每月 is a monthly rate.
    matches!(before.as_slice(), [_, '每', ..])
        || (text[start..end] == *"每月"
            && text[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)))
}

/// See [`crate::model::warm`].
pub(crate) fn warm() {
    rules(false);
    rules(true);
    LazyLock::force(&TIME_LABEL);
    LazyLock::force(&WHO_QUALIFIES);
}

/// A time label inside running text or a clause: `（责任单位：县教育局；完成时限：2025年12月）`.
/// What follows it, up to the end of its part of the clause, is read like a time cell.
pub(crate) static TIME_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    // Traditional characters (`完成時限`) read as the simplified label.
    Regex::new(r"(?:完成[时時]限|完成[时時][间間]|完成期限|[时時]限要求|[时時][间間]要求|[时時][间間][节節][点點]|[时時]限)\s*[：:]")
        .expect("time label regex")
});

/// Every time phrase in running text, in reading order.
pub fn find(text: &str) -> Vec<Deadline> {
    let mut labeled: Vec<(usize, usize)> = Vec::new();
    for m in TIME_LABEL.find_iter(text) {
        let end = text[m.end()..]
            .find(['；', ';', '）', ')', '】', '。', '\n'])
            .map_or(text.len(), |e| m.end() + e);
        labeled.push((m.end(), end));
    }
    if labeled.is_empty() {
        return dedup(scan_at(text, false));
    }
    // Blank the labeled parts out of the running text (same byte length, so offsets hold)
    // and read each of them as a cell.
    let mut masked = text.to_string();
    for (s, e) in &labeled {
        masked.replace_range(*s..*e, &" ".repeat(e - s));
    }
    let mut all = scan_at(&masked, false);
    for (s, e) in labeled {
        all.extend(
            scan_at(&text[s..e], true)
                .into_iter()
                .map(|(at, d)| (s + at, d)),
        );
    }
    all.sort_by_key(|(at, _)| *at);
    dedup(all)
}

/// Every time phrase in a cell of a time column (`完成时限`, `时间`), where a bare year or
/// `持续推进` is a deadline by position.
pub fn find_in_cell(text: &str) -> Vec<Deadline> {
    dedup(scan_at(text, true))
}

/// 每年 said five times in one clause is one recurring duty.
fn dedup(found: Vec<(usize, Deadline)>) -> Vec<Deadline> {
    let mut out: Vec<Deadline> = Vec::new();
    for (_, d) in found {
        let undated = d.year.is_none();
        if undated && out.iter().any(|o| o.kind == d.kind && o.text == d.text) {
            continue;
        }
        out.push(d);
    }
    out
}

/// Time phrases with their byte offsets, in reading order.
fn scan_at(text: &str, in_cell: bool) -> Vec<(usize, Deadline)> {
    // (start, end, deadline); an earlier rule claims text first.
    let mut found: Vec<(usize, usize, Deadline)> = Vec::new();
    let mut blocked: Vec<(usize, usize)> = Vec::new();
    for rule in rules(in_cell) {
        for caps in rule.re.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            if found.iter().any(|(s, e, _)| m.start() < *e && *s < m.end()) {
                continue;
            }
            if rule.kind == DeadlineKind::From && is_named_period(text, m.start(), m.end()) {
                continue;
            }
            if rule.kind == DeadlineKind::Recurring && is_rate(text, m.start(), m.end()) {
                continue;
            }
            if !in_cell && not_a_deadline(text, m.start(), m.end()) {
                // Claim the span so a weaker rule does not read `2020年底` out of it.
                blocked.push((m.start(), m.end()));
                continue;
            }
            if blocked.iter().any(|(s, e)| m.start() < *e && *s < m.end()) {
                continue;
            }
            let num = |i: usize| caps.get(i).and_then(|g| digits(g.as_str()));
            let mut end_month = None;
            let (year, month, end_year) = match rule.kind {
                _ if rule.month_span => {
                    end_month = num(4)
                        .and_then(|m| u32::try_from(m).ok())
                        .filter(|m| (1..=12).contains(m));
                    (num(1), num(2), num(3).or(num(1)))
                }
                _ if rule.five_year => {
                    // 十五 is the 10th plan, 十四五 the 14th; the N-th ends in 1985 + 5 (N − 6).
                    let n = match caps.get(1).map(|g| g.as_str()) {
                        Some("") | None => Some(10),
                        Some(d) => crate::label::han_number(d).map(|d| 10 + d),
                    };
                    (n.map(|n| 1985 + 5 * (n as i32 - 6)), None, None)
                }
                DeadlineKind::Recurring => (None, num(1), None),
                DeadlineKind::Ongoing => (None, None, None),
                DeadlineKind::From if rule.span && caps.get(2).is_some() && num(1).is_some() => {
                    // Span form: group 2 is the end year.
                    (num(1), None, num(2))
                }
                _ => (num(1), num(2), None),
            };
            if let Some(y) = year {
                if !plausible_year(y) {
                    continue;
                }
            }
            if let Some(e) = end_year {
                if !plausible_year(e) || year.is_some_and(|y| y > e) {
                    continue;
                }
            }
            let month = month
                .and_then(|m| u32::try_from(m).ok())
                .filter(|m| (1..=12).contains(m));
            found.push((
                m.start(),
                m.end(),
                Deadline {
                    year,
                    month,
                    end_year,
                    end_month,
                    kind: rule.kind,
                    // A cell that breaks `2025年` / `8月前` over two lines reads as one phrase.
                    text: m.as_str().trim().replace(['\n', '\r'], ""),
                    phrase: governed(text, m.start(), m.end()),
                },
            ));
        }
    }
    found.sort_by_key(|(s, _, _)| *s);
    found.into_iter().map(|(s, _, d)| (s, d)).collect()
}

/// Ends of a sentence: a time phrase never governs text across one.
const SENTENCE_ENDS: &[char] = &['。', '；', ';', '！', '？', '\n', '（', '(', '）', ')'];
/// Ends of a clause inside a sentence.
const CLAUSE_ENDS: &[char] = &['，', ',', '：', ':'];
/// Longest phrase kept, in characters: a reader sees the statement, the clause page the rest.
const PHRASE_MAX: usize = 60;

/// The text the time phrase at `start..end` governs: the comma clause around it without the
/// phrase (`2024年起实施` → `实施`), or, for a phrase standing alone before a comma
/// (`到2027年，创建…`), the rest of its sentence. Empty when what is left is a bare verb of
/// two characters or fewer (`完成`, `实施`): the date then speaks for the clause as a whole.
fn governed(text: &str, start: usize, end: usize) -> String {
    let sentence_start = text[..start].rfind(SENTENCE_ENDS).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let sentence_end = text[end..]
        .find(SENTENCE_ENDS)
        .map_or(text.len(), |i| end + i);
    let clause_start = text[sentence_start..start]
        .rfind(CLAUSE_ENDS)
        .map_or(sentence_start, |i| {
            sentence_start
                + i
                + text[sentence_start + i..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8)
        });
    let clause_end = text[end..sentence_end]
        .find(CLAUSE_ENDS)
        .map_or(sentence_end, |i| end + i);
    let trim = |s: &str| -> String {
        s.trim_matches(|c: char| c.is_whitespace() || CLAUSE_ENDS.contains(&c) || c == '、')
            .replace(['\n', '\r'], "")
    };
    let before = trim(&text[clause_start..start]);
    let after = trim(&text[end..clause_end]);
    let mut phrase = if before.is_empty() && after.is_empty() {
        // `到2027年，创建…`: a time adverbial fronted before a comma governs what follows.
        trim(&text[end..sentence_end])
    } else {
        format!("{before}{after}")
    };
    // Grammar words left at the joint: `力争到2025年度末通过…` → `通过…` keeps 力争 as printed.
    phrase = phrase.trim_start_matches(['并', '和']).to_string();
    if phrase.chars().count() <= 2 {
        return String::new();
    }
    if phrase.chars().count() > PHRASE_MAX {
        phrase = phrase.chars().take(PHRASE_MAX).collect::<String>() + "…";
    }
    phrase
}

/// The years a deadline touches, for checks against the plan period.
pub fn years(d: &Deadline) -> impl Iterator<Item = i32> {
    d.year.into_iter().chain(d.end_year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeadlineKind::*;

    type Row = (
        &'static str,
        &'static [(
            Option<i32>,
            Option<u32>,
            Option<i32>,
            DeadlineKind,
            &'static str,
        )],
    );

    #[test]
    fn each_deadline_keeps_the_phrase_it_governs() {
        let cases: &[(&str, &str, &str)] = &[
            // A fronted time phrase governs the rest of its sentence.
            (
                "到2027年，创建示范校10所，形成典型经验。另一句。",
                "到2027年",
                "创建示范校10所，形成典型经验",
            ),
            // Otherwise its own comma clause, the phrase taken out.
            (
                "全面消除大班额，力争到2025年度末通过国家评估验收。",
                "力争到2025年度末",
                "通过国家评估验收",
            ),
            (
                "创建国家全民运动健身模范县2025年底前完成。",
                "2025年底前",
                "创建国家全民运动健身模范县完成",
            ),
            // A bare verb left: the date speaks for the clause as a whole.
            ("2024年起实施，2027年底前完成。", "2024年起", ""),
            ("2024年起实施，2027年底前完成。", "2027年底前", ""),
            // Never across a sentence or into a bracket.
            ("到2027年。（责任单位：县教育局）", "到2027年", ""),
        ];
        for (text, at, want) in cases {
            let ds = find(text);
            let d = ds.iter().find(|d| d.text == *at).expect(at);
            assert_eq!(d.phrase, *want, "{text} / {at}");
        }
    }

    #[test]
    fn text_phrases() {
        let cases: &[Row] = &[
            (
                "到2027年，创建示范校10所。",
                &[(Some(2027), None, None, By, "到2027年")],
            ),
            (
                "确保到 2024 年投入使用",
                &[(Some(2024), None, None, By, "到 2024 年")],
            ),
            (
                "2025年底前全面完成",
                &[(Some(2025), None, None, By, "2025年底前")],
            ),
            (
                "于2025年8月前完成",
                &[(Some(2025), Some(8), None, By, "2025年8月前")],
            ),
            (
                "加快推进迁建项目，2024年投入使用，",
                &[(Some(2024), None, None, In, "2024年投入使用")],
            ),
            (
                "力争2024年度完成创建",
                &[(Some(2024), None, None, In, "力争2024年度")],
            ),
            (
                "2021至2025年每年投入",
                &[
                    (Some(2021), None, Some(2025), From, "2021至2025年"),
                    (None, None, None, Recurring, "每年"),
                ],
            ),
            (
                "规划期2021—2025年。",
                &[(Some(2021), None, Some(2025), From, "2021—2025年")],
            ),
            (
                "从２０２４年起实施",
                &[(Some(2024), None, None, From, "从２０２４年起")],
            ),
            (
                "到２０２７年",
                &[(Some(2027), None, None, By, "到２０２７年")],
            ),
            (
                "每学期至少组织一次，每年开展一次，每年通报",
                &[
                    (None, None, None, Recurring, "每学期"),
                    (None, None, None, Recurring, "每年"),
                ],
            ),
            (
                "每年9月底前完成统计，每年开展一次",
                &[
                    (None, Some(9), None, Recurring, "每年9月底前"),
                    (None, None, None, Recurring, "每年"),
                ],
            ),
            (
                "2024年6月30日前报送，2025年全面完成",
                &[
                    (Some(2024), Some(6), None, By, "2024年6月30日前"),
                    (Some(2025), None, None, In, "2025年全面完成"),
                ],
            ),
            (
                "每月开展一次隐患自查，每人每月补助200元，每月200元",
                &[(None, None, None, Recurring, "每月")],
            ),
            (
                "原则上每3年调整一次",
                &[(None, None, None, Recurring, "每3年")],
            ),
            (
                "此项工作长期坚持。",
                &[(None, None, None, Ongoing, "长期坚持")],
            ),
            (
                "到2025年底，覆盖率达到90%",
                &[(Some(2025), None, None, By, "到2025年底")],
            ),
            // Not deadlines in running text:
            ("截至2020年底，全县共有各级各类学校52所。", &[]),
            ("2020年底已建成标准化学校12所。", &[]),
            ("到2020年，全县累计投入资金3亿元。", &[]),
            ("2015年前后开始推行。", &[]),
            ("2023年起草了实施方案。", &[]),
            // How long a text holds and who qualifies are not tasks.
            ("本措施自印发之日起施行，有效期至2027年12月31日。", &[]),
            ("本办法执行至2025年底。", &[]),
            ("有效期为2024年1月1日至2026年12月31日。", &[]),
            (
                "力爭2025年實現全覆蓋，此項工作長期堅持。",
                &[
                    (Some(2025), None, None, In, "力爭2025年"),
                    (None, None, None, Ongoing, "長期堅持"),
                ],
            ),
            ("对2023年3月1日至2024年1月31日引进的人才给予补贴。", &[]),
            ("2024年12月31日前入职的教师可申请。", &[]),
            (
                "有效期3年。2025年底前完成校舍改造，到2027年建成覆盖城乡的体系。",
                &[
                    (Some(2025), None, None, By, "2025年底前"),
                    (Some(2027), None, None, By, "到2027年"),
                ],
            ),
            (
                "截至2025年底前全部完成。",
                &[(Some(2025), None, None, By, "截至2025年底前")],
            ),
            ("2020年全县共有学校52所。", &[]),
            ("持续推进“县管校聘”改革。", &[]),
            ("2023年3月17日", &[]),
            ("每周不少于1课时", &[]),
            (
                "（牵头单位：县教育局；完成时限：2025年12月）",
                &[(Some(2025), Some(12), None, In, "2025年12月")],
            ),
            (
                "每年开展一次。（责任单位：县教育局，完成时间：持续推进）",
                &[
                    (None, None, None, Recurring, "每年"),
                    (None, None, None, Ongoing, "持续推进"),
                ],
            ),
            (
                "2025年年底前完成",
                &[(Some(2025), None, None, By, "2025年年底前")],
            ),
            (
                "2025年上半年启动，2024年第三季度前完成",
                &[
                    (Some(2025), None, None, By, "2025年上半年"),
                    (Some(2024), None, None, By, "2024年第三季度前"),
                ],
            ),
            (
                "到“十四五”末，全面建成",
                &[(Some(2025), None, None, By, "到“十四五”末")],
            ),
            (
                "“十五五”期末实现",
                &[(Some(2030), None, None, By, "“十五五”期末")],
            ),
            ("“十四五”期间，教育事业稳步发展。", &[]),
            ("按照每生每年不低于800元的标准核定", &[]),
            (
                "2024年9月起全面实施",
                &[(Some(2024), Some(9), None, From, "2024年9月起")],
            ),
            ("第一中学占地12000平方米", &[]),
        ];
        for (input, want) in cases {
            let got: Vec<_> = find(input)
                .into_iter()
                .map(|d| (d.year, d.month, d.end_year, d.kind, d.text))
                .collect();
            let want: Vec<_> = want
                .iter()
                .map(|(y, m, e, k, t)| (*y, *m, *e, *k, t.to_string()))
                .collect();
            assert_eq!(got, want, "input: {input}");
        }
    }

    #[test]
    fn spans_of_months() {
        let got: Vec<_> =
            find("（一）宣传动员阶段（2024年4月—5月）。（二）实施阶段（2024年6月—2025年6月）。")
                .into_iter()
                .map(|d| (d.year, d.month, d.end_year, d.end_month, d.kind))
                .collect();
        assert_eq!(
            got,
            vec![
                (Some(2024), Some(4), Some(2024), Some(5), From),
                (Some(2024), Some(6), Some(2025), Some(6), From),
            ]
        );
        // The period of a programme named before its bracket is not a deadline.
        assert!(find("落实《规划纲要（2024—2035年）》").is_empty());
        assert!(find("实施强基工程（2021—2025年）").is_empty());
    }

    #[test]
    fn cell_phrases() {
        let cases: &[Row] = &[
            ("2029年", &[(Some(2029), None, None, In, "2029年")]),
            (
                "2025年8月前",
                &[(Some(2025), Some(8), None, By, "2025年8月前")],
            ),
            (
                "2024年起实施，按计划稳步推进，2027年底前完成。",
                &[
                    (Some(2024), None, None, From, "2024年起"),
                    (Some(2027), None, None, By, "2027年底前"),
                ],
            ),
            (
                "2024年起实施并长期坚持。",
                &[
                    (Some(2024), None, None, From, "2024年起"),
                    (None, None, None, Ongoing, "长期坚持"),
                ],
            ),
            ("持续推进", &[(None, None, None, Ongoing, "持续推进")]),
        ];
        for (input, want) in cases {
            let got: Vec<_> = find_in_cell(input)
                .into_iter()
                .map(|d| (d.year, d.month, d.end_year, d.kind, d.text))
                .collect();
            let want: Vec<_> = want
                .iter()
                .map(|(y, m, e, k, t)| (*y, *m, *e, *k, t.to_string()))
                .collect();
            assert_eq!(got, want, "cell: {input}");
        }
    }

    #[test]
    fn digits_read_full_width() {
        assert_eq!(digits("２０２５"), Some(2025));
        assert_eq!(digits("2 0"), Some(20));
        assert_eq!(digits("年"), None);
    }
}
